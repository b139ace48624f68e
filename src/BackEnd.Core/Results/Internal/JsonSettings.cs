using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.HttpResults.Internal;

/// <summary>Carries the settings of a source-generated context's options over to the application's options.</summary>
internal static class JsonSettings
{
    private static readonly JsonSerializerOptions Defaults = new();
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> ResponseOptions = [];

    /// <summary>
    /// The options responses are written with: the application's, except that nullable annotations are not enforced on
    /// output unless a registered context asked for it. A source-generated context's fast path (one generated method per
    /// type, no per-property converter calls) only runs when the options match the context's own, and BackEnd turns the
    /// annotations on for reading by default, which would send every response through the slower metadata path
    /// (1.3–2× the serialisation time of a small object). Request bodies stay strict.
    /// </summary>
    public static JsonSerializerOptions ForResponses(JsonSerializerOptions options)
    {
        if (!options.RespectNullableAnnotations || !options.IsReadOnly)
        {
            return options;
        }

        return ResponseOptions.GetValue(options, static source =>
        {
            foreach (var resolver in source.TypeInfoResolverChain)
            {
                if (resolver is JsonSerializerContext { Options.RespectNullableAnnotations: true })
                {
                    return source;
                }
            }

            var relaxed = new JsonSerializerOptions(source) { RespectNullableAnnotations = false };
            relaxed.MakeReadOnly();
            return relaxed;
        });
    }

    /// <summary>
    /// Copies every setting of <paramref name="source"/> that differs from System.Text.Json's defaults onto
    /// <paramref name="target"/>, and adds its converters: a context's <c>[JsonSourceGenerationOptions]</c> is what its author
    /// asked for, while an unset one cannot be told from a default and leaves BackEnd's value in place.
    /// </summary>
    public static void ApplyNonDefault(JsonSerializerOptions source, JsonSerializerOptions target)
    {
        foreach (var converter in source.Converters)
        {
            if (!target.Converters.Contains(converter))
            {
                target.Converters.Add(converter);
            }
        }

        if (source.PropertyNamingPolicy is not null)
        {
            target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        }

        if (source.DictionaryKeyPolicy is not null)
        {
            target.DictionaryKeyPolicy = source.DictionaryKeyPolicy;
        }

        if (source.Encoder is not null)
        {
            target.Encoder = source.Encoder;
        }

        if (source.DefaultIgnoreCondition != Defaults.DefaultIgnoreCondition)
        {
            target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        }

        if (source.NumberHandling != Defaults.NumberHandling)
        {
            target.NumberHandling = source.NumberHandling;
        }

        if (source.UnmappedMemberHandling != Defaults.UnmappedMemberHandling)
        {
            target.UnmappedMemberHandling = source.UnmappedMemberHandling;
        }

        if (source.PreferredObjectCreationHandling != Defaults.PreferredObjectCreationHandling)
        {
            target.PreferredObjectCreationHandling = source.PreferredObjectCreationHandling;
        }

        if (source.ReadCommentHandling != Defaults.ReadCommentHandling)
        {
            target.ReadCommentHandling = source.ReadCommentHandling;
        }

        if (source.UnknownTypeHandling != Defaults.UnknownTypeHandling)
        {
            target.UnknownTypeHandling = source.UnknownTypeHandling;
        }

        if (source.MaxDepth != Defaults.MaxDepth)
        {
            target.MaxDepth = source.MaxDepth;
        }

        if (source.DefaultBufferSize != Defaults.DefaultBufferSize)
        {
            target.DefaultBufferSize = source.DefaultBufferSize;
        }

        if (source.IndentCharacter != Defaults.IndentCharacter)
        {
            target.IndentCharacter = source.IndentCharacter;
        }

        if (source.IndentSize != Defaults.IndentSize)
        {
            target.IndentSize = source.IndentSize;
        }

        if (source.NewLine != Defaults.NewLine)
        {
            target.NewLine = source.NewLine;
        }

        // Switches that are off by default: on in the context means asked for.
        target.AllowTrailingCommas |= source.AllowTrailingCommas;
        target.AllowOutOfOrderMetadataProperties |= source.AllowOutOfOrderMetadataProperties;
        target.IgnoreReadOnlyFields |= source.IgnoreReadOnlyFields;
        target.IgnoreReadOnlyProperties |= source.IgnoreReadOnlyProperties;
        target.IncludeFields |= source.IncludeFields;
        target.PropertyNameCaseInsensitive |= source.PropertyNameCaseInsensitive;
        target.WriteIndented |= source.WriteIndented;
        target.RespectNullableAnnotations |= source.RespectNullableAnnotations;
        target.RespectRequiredConstructorParameters |= source.RespectRequiredConstructorParameters;

        // On by default: off in the context means asked for.
        if (!source.AllowDuplicateProperties)
        {
            target.AllowDuplicateProperties = false;
        }
    }
}
