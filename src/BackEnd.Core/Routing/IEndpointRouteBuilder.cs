namespace BackEnd.Routing;

/// <summary>Where routes are mapped: the application, a route group, or the builder a route module receives.</summary>
/// <remarks>The <c>Map…</c> extension methods in <see cref="EndpointRouteBuilderExtensions"/> funnel into <see cref="Add"/>.</remarks>
public interface IEndpointRouteBuilder
{
    /// <summary>Gets the application's root service provider, for modules that need configuration at mapping time.</summary>
    IServiceProvider ServiceProvider { get; }

    /// <summary>Adds an endpoint; groups prefix its template and attach their conventions before passing it on.</summary>
    /// <param name="endpoint">The endpoint to add.</param>
    void Add(RouteHandlerBuilder endpoint);
}
