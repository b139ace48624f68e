using BackEnd.Pipeline.Compression;
using BackEnd.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline;

/// <summary>Registers the response-compression options.</summary>
public static class ResponseCompressionBackEndBuilderExtensions
{
    /// <summary>Configures response compression (validated at start-up); add the middleware with <c>app.UseResponseCompression()</c>.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddResponseCompression(this IBackEndBuilder builder, Action<ResponseCompressionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ResponseCompressionOptions>()
            .Configure(configure)
            .Validate(static o => o.MinimumSize >= 0, "MinimumSize cannot be negative.")
            .ValidateOnStart();
        return builder;
    }
}
