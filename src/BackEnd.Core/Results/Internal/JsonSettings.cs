using System.Text.Json;

namespace BackEnd.HttpResults.Internal;

/// <summary>Carries the settings of a source-generated context's options over to the application's options.</summary>
internal static class JsonSettings
{
    private static readonly JsonSerializerOptions Defaults = new();

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
