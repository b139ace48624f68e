using BackEnd.Http;
using BackEnd.Routing;

namespace BackEnd.Pipeline.Internal;

/// <summary>Collects middleware and routes while the configuration callbacks and route modules run.</summary>
internal sealed class ApplicationBuilder(IServiceProvider services) : IApplicationBuilder
{
    public IServiceProvider ServiceProvider { get; } = services;

    public List<Func<RequestDelegate, RequestDelegate>> Middleware { get; } = [];

    public List<RouteHandlerBuilder> Routes { get; } = [];

    public IApplicationBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Middleware.Add(middleware);
        return this;
    }

    public void Add(RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Routes.Add(endpoint);
    }
}
