using System.Net;
using BackEnd.Core.Tests.Testing;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Routing;

public sealed class RoutingTests
{
    [Fact]
    public async Task Request_UnknownPath_Returns404Problem()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/a", () => "a"));

        var response = await test.Client.GetAsync("/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await ReadProblem(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Request_WrongMethod_Returns405WithAllow()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/a", () => "a");
            app.MapPost("/a", () => "a");
        });

        var response = await test.Client.DeleteAsync("/a");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS, POST", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Request_Head_ServedByGetWithoutBody()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/a", () => "hello"));
        using var request = new HttpRequestMessage(HttpMethod.Head, "/a");

        var response = await test.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Request_Options_AnsweredWithAllow()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPut("/a", () => "a"));
        using var request = new HttpRequestMessage(HttpMethod.Options, "/a");

        var response = await test.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("OPTIONS, PUT", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task Map_AnyMethodAndCustomToken_Served()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Map("/any", (HttpRequest request) => request.Method);
            app.MapMethods("/dav", ["PROPFIND"], () => "props");
        });
        using var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav");

        var patch = await test.Client.PatchAsync("/any", null);
        var custom = await test.Client.SendAsync(propfind);

        Assert.Equal("PATCH", await patch.Content.ReadAsStringAsync());
        Assert.Equal("props", await custom.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MapGroup_Prefix_AppliesToRoutesAndNestedGroups()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            var api = app.MapGroup("/api");
            api.MapGet("/ping", () => "pong");
            api.MapGroup("/{version:int}").MapGet("/users/{id}", (int version, string id) => $"v{version}:{id}");
        });

        var ping = await test.Client.GetStringAsync("/api/ping");
        var user = await test.Client.GetStringAsync("/api/2/users/x");

        Assert.Equal("pong", ping);
        Assert.Equal("v2:x", user);
    }

    [Fact]
    public async Task AddRoutes_Module_MapsItsRoutes()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b.AddRoutes<ProductsModule>().AddRoutes<ProductsModule>());
        using var client = host.CreateClient();

        var text = await client.GetStringAsync("/products/7");

        Assert.Equal("product 7", text);
    }

    [Fact]
    public async Task Start_AmbiguousRoutes_FailsNamingBoth()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(app =>
        {
            app.MapGet("/x/{a}", (string a) => a);
            app.MapGet("/x/{b}", (string b) => b);
        }));

        Assert.Contains("/x/{a}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("/x/{b}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatedAtRoute_NamedRoute_SetsLocation()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/products/{id:int}", (int id) => id).WithName("product");
            app.MapPost("/products", () => BackEnd.Http.Results.CreatedAtRoute("product", new Dictionary<string, object?> { ["id"] = 12, ["view"] = "full" }, new { id = 12 }));
        });

        var response = await test.Client.PostAsync("/products", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/products/12?view=full", response.Headers.Location!.OriginalString);
        Assert.Equal("{\"id\":12}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestDelegateHandler_MapsWithoutBinding()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/raw/{id}", (HttpContext context) =>
            BackEnd.Http.Results.Text("raw " + context.Request.RouteValues["id"]).ExecuteAsync(context)));

        var text = await test.Client.GetStringAsync("/raw/9");

        Assert.Equal("raw 9", text);
    }

    public sealed class ProductsModule : IRouteModule
    {
        public void AddRoutes(IEndpointRouteBuilder routes) =>
            routes.MapGroup("/products").MapGet("/{id:int}", (int id) => $"product {id}");
    }
}
