using BackEnd.Pipeline.ForwardedHeaders;
using BackEnd.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Pipeline;

/// <summary>Registers the forwarded-headers options.</summary>
public static class ForwardedHeadersBackEndBuilderExtensions
{
    /// <summary>Configures the trusted proxies (validated at start-up); add the middleware with <c>app.UseForwardedHeaders()</c>, first.</summary>
    /// <param name="builder">The BackEnd builder.</param>
    /// <param name="configure">Adds trusted proxies or networks.</param>
    /// <returns>The BackEnd builder.</returns>
    public static IBackEndBuilder AddForwardedHeaders(this IBackEndBuilder builder, Action<ForwardedHeadersOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure(configure)
            .Validate(static o => o.ForwardLimit >= 1, "ForwardLimit must be at least 1.")
            .ValidateOnStart();
        return builder;
    }
}
