using BackEnd.Pipeline.Health;
using BackEnd.Pipeline.Health.Internal;

namespace BackEnd.Routing;

/// <summary>Maps the health endpoint.</summary>
public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a GET endpoint that runs every registered <see cref="Diagnostics.IHealthCheck"/> concurrently and answers 200
    /// (healthy or degraded) or 503 (unhealthy) with a JSON report: overall status, and status, description and duration per check.
    /// </summary>
    /// <param name="routes">The route builder.</param>
    /// <param name="pattern">The path.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The route, to add filters or metadata (such as authorization).</returns>
    public static RouteHandlerBuilder MapHealthChecks(this IEndpointRouteBuilder routes, string pattern = "/health", HealthEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        options ??= new HealthEndpointOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        var endpoint = new HealthEndpoint(options, routes.ServiceProvider);
        return routes.MapMethods(pattern, ["GET"], endpoint.InvokeAsync);
    }
}
