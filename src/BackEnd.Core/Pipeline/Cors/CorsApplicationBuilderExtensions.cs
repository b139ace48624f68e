using BackEnd.Pipeline.Cors;
using BackEnd.Pipeline.Cors.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Pipeline;

/// <summary>Adds the CORS middleware.</summary>
public static class CorsApplicationBuilderExtensions
{
    /// <summary>Answers preflight requests and adds CORS headers to cross-origin responses, per <see cref="CorsOptions"/>.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseCors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService<IOptions<CorsOptions>>()?.Value ?? new CorsOptions();
        var policy = new CorsPolicy(options);
        return app.Use(next => new CorsMiddleware(next, policy).InvokeAsync);
    }
}
