using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Pipeline.Internal;
using BackEnd.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Bench.Routing;

/// <summary>
/// One request through the router end to end (match, route values, compiled binding, handler, result writing), against a
/// do-nothing context: the per-request cost the framework adds on top of the server.
/// </summary>
[MemoryDiagnoser]
public class BindingBenchmarks
{
    private static readonly Dictionary<string, StringValues> NoQuery = [];
    private static readonly Dictionary<string, StringValues> PageAndSort = new(StringComparer.OrdinalIgnoreCase) { ["page"] = "3", ["sort"] = "name" };
    private EndpointDispatcher _dispatcher = null!;
    private RequestDelegate _application = null!;
    private BenchHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().Configure(app =>
        {
            app.MapGet("/raw/{id}/items/{item}", static context => default);
            app.MapGet("/bound/{id:int}/items/{item}", static (int id, string item) => Results.Empty);
            app.MapGet("/query/{id:int}", static (int id, int page, string? sort) => Results.Empty);
            app.MapGet("/text/{id:int}", static (int id) => "hello");
            app.MapGet("/json/{id:int}", static (int id) => new Product(id, "pen", 2.5m));
        });
        var provider = services.BuildServiceProvider();
        _dispatcher = new EndpointDispatcher(provider.GetRequiredService<ApplicationPipeline>().Matcher);
        _application = provider.GetRequiredService<RequestDelegate>();
        _context = new BenchHttpContext(provider);
    }

    [Benchmark(Baseline = true)]
    public ValueTask RequestDelegate_TwoRouteValues() => Run("/raw/42/items/abc", NoQuery);

    [Benchmark]
    public ValueTask Bound_IntAndStringFromRoute() => Run("/bound/42/items/abc", NoQuery);

    [Benchmark]
    public ValueTask Bound_RouteAndQuery() => Run("/query/42", PageAndSort);

    [Benchmark]
    public ValueTask Bound_ReturnsText() => Run("/text/42", NoQuery);

    [Benchmark]
    public ValueTask Bound_ReturnsJson() => Run("/json/42", NoQuery);

    /// <summary>The whole application delegate: request scope, exception handling and the router, as the server calls it.</summary>
    [Benchmark]
    public ValueTask FullPipeline_IntAndStringFromRoute()
    {
        _context.Reset("GET", "/bound/42/items/abc", NoQuery);
        return _application(_context);
    }

    private ValueTask Run(string path, Dictionary<string, StringValues> query)
    {
        _context.Reset("GET", path, query);
        return _dispatcher.InvokeAsync(_context);
    }

    public sealed record Product(int Id, string Name, decimal Price);
}
