using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BackEnd.HttpResults;

/// <summary>The JSON settings used for request bodies and JSON results, configured once per application.</summary>
/// <remarks>
/// Defaults are the web defaults (camelCase, case-insensitive reading). To trim or publish AOT, add source-generated
/// contexts to <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>; reflection is only the fallback when the
/// runtime allows it.
/// </remarks>
public sealed class JsonOptions
{
    /// <summary>Gets the serializer options.</summary>
    /// <value>
    /// Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase names) with
    /// <see cref="JsonSerializerOptions.RespectNullableAnnotations"/> and
    /// <see cref="JsonSerializerOptions.RespectRequiredConstructorParameters"/> on, so a body of <c>{}</c> for
    /// <c>record TodoIn(string Title)</c>, or a <see langword="null"/> for a non-nullable member, is a 400, not a
    /// <see langword="null"/> the handler trips over. Responses are written without that check (as the object holds them)
    /// unless a registered source-generated context asks for it, so the context's fast serialization path stays in use.
    /// </value>
    public JsonSerializerOptions SerializerOptions { get; } = CreateDefault();

    internal static JsonOptions Default { get; } = new();

    private static JsonSerializerOptions CreateDefault()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            options.TypeInfoResolverChain.Add(CreateReflectionResolver());
        }

        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only used when the feature switch leaves reflection-based serialization on.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only used when the feature switch leaves reflection-based serialization on.")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();
}
