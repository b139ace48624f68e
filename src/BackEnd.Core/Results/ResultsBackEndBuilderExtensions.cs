using System.Text.Json.Serialization;
using BackEnd.Hosting;
using BackEnd.HttpResults.Internal;
using BackEnd.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.HttpResults;

/// <summary>Configures JSON for request bodies and results.</summary>
public static class ResultsBackEndBuilderExtensions
{
    /// <summary>Configures the JSON options once for the application.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">The callback.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder ConfigureJson(this IBackEndBuilder builder, Action<JsonOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddPipeline();
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Puts a source-generated context first in the resolver chain, so its types never need reflection (trimming, AOT),
    /// and applies the context's own settings: whatever its <see cref="JsonSourceGenerationOptionsAttribute"/> sets
    /// differently from System.Text.Json's defaults (converters, naming policies, ignore conditions, number handling,
    /// ...) wins over BackEnd's defaults for request bodies and results. <see cref="ConfigureJson"/> called afterwards
    /// still has the last word.
    /// </summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="context">The generated context.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddJsonSerializerContext(this IBackEndBuilder builder, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return builder.ConfigureJson(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, context);
            JsonSettings.ApplyNonDefault(context.Options, options.SerializerOptions);
        });
    }
}
