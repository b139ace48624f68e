using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Routing;

public sealed class EndpointMetadataTests
{
    [Fact]
    public async Task GetEndpoint_InMiddleware_SeesRouteAndGroupMetadataOutermostFirst()
    {
        string? seen = null;
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                var endpoint = context.GetEndpoint();
                var authorization = context.GetEndpointMetadata<AuthorizationMetadata>();
                seen = $"{endpoint?.Pattern}|{string.Join(",", authorization.Select(a => a.Policy ?? string.Join("+", a.Roles)))}|{context.GetEndpointMetadata<AllowAnonymousMetadata>().Count}";
                await next(context);
            });
            var admin = app.MapGroup("/admin").RequireRole("admin");
            admin.MapGet("/users/{id:int}", (int id) => id).RequireAuthorization("Audit").AllowAnonymous();
        }, services: AddAuthorizationStandIn);

        var response = await test.Client.GetAsync("/admin/users/7");

        Assert.Equal("7", await response.Content.ReadAsStringAsync());
        Assert.Equal("/admin/users/{id:int}|admin,Audit|1", seen);
    }

    [Theory]
    [InlineData("GET", "/nothing-here")]
    [InlineData("DELETE", "/item")]
    public async Task GetEndpoint_NoMatchOrWrongMethod_IsNull(string method, string path)
    {
        var sawNull = false;
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                sawNull = context.GetEndpoint() is null && context.GetEndpointMetadata<AuthorizationMetadata>().Count == 0;
                await next(context);
            });
            app.MapGet("/item", () => "x").RequireAuthorization();
        }, services: AddAuthorizationStandIn);

        await test.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True(sawNull);
    }

    [Fact]
    public async Task GetEndpoint_AfterPathRewrite_MatchesTheNewPath()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                var before = context.GetEndpoint()?.Pattern;
                context.Request.Path = "/b";
                context.Response.Headers["X-Endpoints"] = before + ">" + context.GetEndpoint()?.Pattern;
                await next(context);
            });
            app.MapGet("/a", () => "a");
            app.MapGet("/b", () => "b");
        });

        var response = await test.Client.GetAsync("/a");

        Assert.Equal("b", await response.Content.ReadAsStringAsync());
        Assert.Equal("/a>/b", response.Headers.GetValues("X-Endpoints").Single());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task GetEndpoint_InHandler_IsTheEndpointTheRouterRanWithItsRouteValues(bool middlewareAsks, bool timeout)
    {
        Endpoint? inMiddleware = null;
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (middlewareAsks)
                {
                    inMiddleware = context.GetEndpoint();
                }

                await next(context);
            });
            var route = app.MapGet("/items/{id:int}/{name}", (HttpContext context, int id, string name) =>
                $"{context.GetEndpoint()?.Pattern}|{ReferenceEquals(context.GetEndpoint(), inMiddleware)}|{id}|{name}");
            if (timeout)
            {
                // A route timeout runs the handler on a wrapping context, which must see the same match.
                route.WithRequestTimeout(TimeSpan.FromMinutes(5));
            }

            app.MapGet("/items/{id:int}/{name}/more", () => "more");
        });

        var first = await test.Client.GetStringAsync("/items/7/seven");
        var second = await test.Client.GetStringAsync("/items/8/eight");
        var other = await test.Client.GetStringAsync("/items/8/eight/more");

        Assert.Equal($"/items/{{id:int}}/{{name}}|{middlewareAsks}|7|seven", first);
        Assert.Equal($"/items/{{id:int}}/{{name}}|{middlewareAsks}|8|eight", second);
        Assert.Equal("more", other);
    }

    [Fact]
    public async Task GetEndpoint_PathRewrittenAfterTheMiddlewareAsked_RouterRunsTheNewPath()
    {
        await using var test = await TestApp.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                _ = context.GetEndpoint();
                context.Request.Path = "/b/2";
                await next(context);
            });
            app.MapGet("/a/{id:int}", (int id) => "a" + id);
            app.MapGet("/b/{id:int}", (HttpContext context, int id) => context.GetEndpoint()?.Pattern + "=" + id);
        });

        var response = await test.Client.GetStringAsync("/a/1");

        Assert.Equal("/b/{id:int}=2", response);
    }

    [Fact]
    public void RequireRole_NoRoles_Throws()
    {
        var route = new RouteHandlerBuilder("/x", ["GET"], (RequestDelegate)(_ => default));

        Assert.Throws<ArgumentOutOfRangeException>(() => route.RequireRole());
        Assert.Throws<ArgumentException>(() => route.RequireAuthorization(" "));
    }

    [Fact]
    public void RequireAuthorization_PolicyNames_AddOneItemEach()
    {
        var route = new RouteHandlerBuilder("/x", ["GET"], (RequestDelegate)(_ => default));

        route.RequireAuthorization("A", "B");

        Assert.Equal(["A", "B"], route.Metadata.OfType<AuthorizationMetadata>().Select(m => m.Policy!).ToArray());
    }

    private static void AddAuthorizationStandIn(IServiceCollection services) => services.AddSingleton<IEndpointValidator, AuthorizationEnforcedStandIn>();
}
