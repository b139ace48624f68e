using System.Net;
using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Routing;

/// <summary>RequestDelegate overloads for every verb, JSON read/write extensions and timeouts that reach <see cref="HttpContext.RequestAborted"/>.</summary>
public sealed class ApiSurfaceTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("REPORT")]
    public async Task MapVerb_RequestDelegate_HandlesOnlyItsMethod(string method)
    {
        static RequestDelegate Answer(string name) => context => context.Response.WriteAsJsonAsync(new Reply(name, context.Request.Method));
        await using var test = await TestApp.StartAsync(app =>
        {
            app.MapGet("/get", Answer("get"));
            app.MapPost("/post", Answer("post"));
            app.MapPut("/put", Answer("put"));
            app.MapPatch("/patch", Answer("patch"));
            app.MapDelete("/delete", Answer("delete"));
            app.Map("/any", Answer("any"));
        });
        var own = method == "REPORT" ? "/any" : "/" + method.ToLowerInvariant();
        var other = method == "GET" ? "/post" : "/get";

        var hit = await test.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), own));
        var miss = await test.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), other));

        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("application/json; charset=utf-8", hit.Content.Headers.ContentType!.ToString());
        Assert.Contains($"\"method\":\"{method}\"", await hit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, miss.StatusCode);
    }

    [Fact]
    public async Task ReadFromJsonAsync_ValidBody_ReadsWithAppOptions()
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/echo", async context =>
        {
            var reply = await context.Request.ReadFromJsonAsync<Reply>(context.RequestAborted);
            context.Response.StatusCode = 201;
            await context.Response.WriteAsJsonAsync(reply! with { Name = reply.Name + "!" });
        }));

        var response = await test.Client.PostAsync("/echo", BindingTests.Json("{\"name\":\"a\",\"method\":\"m\"}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"name\":\"a!\",\"method\":\"m\"}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"name\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"a\",\"method\":\"m\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task ReadFromJsonAsync_BadBody_AnswersProblem(string body, string contentType, HttpStatusCode expected)
    {
        await using var test = await TestApp.StartAsync(app => app.MapPost("/echo", async context =>
        {
            var reply = await context.Request.ReadFromJsonAsync<Reply>(context.RequestAborted);
            await context.Response.WriteAsJsonAsync(reply);
        }));

        var response = await test.Client.PostAsync("/echo", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task RequestTimeout_HandlerWaitsOnRequestAborted_Returns504()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return "never";
        }).WithRequestTimeout(TimeSpan.FromMilliseconds(50)));

        var response = await test.Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task RequestTimeout_RequestDelegateRoute_RequestAbortedFires()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/slow", async context =>
        {
            await Task.Delay(Timeout.Infinite, context.Request.HttpContext.RequestAborted);
        }).WithRequestTimeout(TimeSpan.FromMilliseconds(50)));

        var response = await test.Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    public sealed record Reply(string Name, string Method);
}
