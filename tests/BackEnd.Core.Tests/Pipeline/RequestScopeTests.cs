using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Pipeline.Internal;
using BackEnd.Routing;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using static BackEnd.Core.Tests.Pipeline.PipelineTests;

namespace BackEnd.Core.Tests.Pipeline;

/// <summary>The request scope is created on first use, once per request, and disposed at the end, on the real server's reused context too.</summary>
public sealed class RequestScopeTests
{
    [Fact]
    public async Task RequestServices_NothingResolved_CreatesNoScope()
    {
        await using var provider = new ServiceCollection().BuildServiceProvider();
        var factory = new CountingScopeFactory(provider.GetRequiredService<IServiceScopeFactory>());
        var services = new RequestServices(factory, new System.Text.Json.JsonSerializerOptions());

        services.Begin();
        var hadScope = services.HasScope;
        await services.EndAsync();

        Assert.False(hadScope);
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public async Task RequestServices_ResolvedTwice_OneScopeDisposedAtEnd()
    {
        var tracker = new DisposalTracker();
        await using var provider = new ServiceCollection().AddSingleton(tracker).AddScoped<ScopedThing>().AddScoped<AsyncScopedThing>().BuildServiceProvider();
        var factory = new CountingScopeFactory(provider.GetRequiredService<IServiceScopeFactory>());
        var services = new RequestServices(factory, new System.Text.Json.JsonSerializerOptions());

        services.Begin();
        var first = services.GetRequiredService<ScopedThing>();
        var second = services.GetRequiredService<ScopedThing>();
        _ = services.GetRequiredService<AsyncScopedThing>();
        await services.EndAsync();

        Assert.Same(first, second);
        Assert.Equal(1, factory.Created);
        Assert.Equal(1, tracker.Disposed);
        Assert.Equal(1, tracker.DisposedAsync);
    }

    [Fact]
    public async Task RequestServices_UsedAfterRequest_ThrowsObjectDisposed()
    {
        await using var provider = new ServiceCollection().BuildServiceProvider();
        var services = new RequestServices(provider.GetRequiredService<IServiceScopeFactory>(), new System.Text.Json.JsonSerializerOptions());
        services.Begin();
        await services.EndAsync();

        Assert.Throws<ObjectDisposedException>(() => services.GetService(typeof(DisposalTracker)));
    }

    [Fact]
    public async Task RequestServices_KeyedService_Resolves()
    {
        await using var provider = new ServiceCollection().AddKeyedSingleton("k", new DisposalTracker()).BuildServiceProvider();
        var services = new RequestServices(provider.GetRequiredService<IServiceScopeFactory>(), new System.Text.Json.JsonSerializerOptions());
        services.Begin();

        var tracker = services.GetRequiredKeyedService<DisposalTracker>("k");
        await services.EndAsync();

        Assert.Same(provider.GetRequiredKeyedService<DisposalTracker>("k"), tracker);
    }

    [Fact]
    public async Task Server_KeepAliveRequests_EachScopedRequestGetsItsOwnDisposedScope()
    {
        var tracker = new DisposalTracker();
        var seen = new List<ScopedThing>();
        var collection = new ServiceCollection();
        collection.AddSingleton(tracker).AddScoped<ScopedThing>().AddScoped<AsyncScopedThing>();
        collection.AddBackEnd().Configure(app =>
        {
            app.MapGet("/plain", () => "nothing-resolved");
            app.MapGet("/scoped", (ScopedThing thing, HttpContext context) =>
            {
                seen.Add(thing);
                _ = context.RequestServices.GetRequiredService<AsyncScopedThing>();
                return ReferenceEquals(thing, context.RequestServices.GetRequiredService<ScopedThing>()) ? "same" : "different";
            });
        });
        await using var provider = collection.BuildServiceProvider();
        var connection = new InMemoryConnection(new ServerServices(new BackEndServerOptions(), provider.GetRequiredService<RequestDelegate>(), services: provider));

        var request = "GET /plain HTTP/1.1\r\nHost: a\r\n\r\nGET /scoped HTTP/1.1\r\nHost: a\r\n\r\nGET /plain HTTP/1.1\r\nHost: a\r\n\r\nGET /scoped HTTP/1.1\r\nHost: a\r\n\r\n";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(request));
        var output = Encoding.ASCII.GetString(await connection.FinishAsync());

        Assert.Equal(2, CountOf(output, "same"));
        Assert.Equal(2, CountOf(output, "nothing-resolved"));
        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen[0], seen[1]);
        Assert.Equal(2, tracker.Disposed);
        Assert.Equal(2, tracker.DisposedAsync);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed class CountingScopeFactory(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        public int Created { get; private set; }

        public IServiceScope CreateScope()
        {
            Created++;
            return inner.CreateScope();
        }
    }
}
