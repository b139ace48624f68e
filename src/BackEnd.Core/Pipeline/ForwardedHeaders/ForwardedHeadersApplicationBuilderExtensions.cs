using BackEnd.Pipeline.ForwardedHeaders;
using BackEnd.Pipeline.ForwardedHeaders.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline;

/// <summary>Adds the forwarded-headers middleware.</summary>
public static class ForwardedHeadersApplicationBuilderExtensions
{
    /// <summary>Applies <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> sent by trusted proxies; add it before anything that reads the client address.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseForwardedHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService<IOptions<ForwardedHeadersOptions>>()?.Value ?? new ForwardedHeadersOptions();
        return app.Use(next => new ForwardedHeadersMiddleware(next, options).InvokeAsync);
    }
}
