using System.Net;
using System.Net.Http.Json;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Testing.Tests;

public sealed class BackEndTestHostTests
{
    [Fact]
    public async Task StartServerAsync_RealSockets_ServesRoutesBindingAndProblems()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
        {
            app.MapGet("/users/{id:int}", (int id, string? greeting) => $"{greeting ?? "hi"} {id}");
            app.MapPost("/products", (Product product) => BackEnd.Results.Results.Created("/products/1", product));
        }));
        using var client = host.CreateClient();

        var text = await client.GetStringAsync("/users/5?greeting=hello");
        var created = await client.PostAsJsonAsync("/products", new Product("pen", 2));
        var missing = await client.GetAsync("/nope");
        var wrongMethod = await client.DeleteAsync("/users/5");

        Assert.NotNull(host.ServerAddress);
        Assert.NotEqual(0, host.ServerAddress!.Port);
        Assert.Equal("hello 5", text);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/products/1", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("GET", wrongMethod.Content.Headers.Allow);
    }

    [Fact]
    public async Task StartServerAsync_ParameterCaseDiffersFromTemplate_StillBinds()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapGet("/orders/{OrderId:int}", (int orderId) => orderId + 1)));
        using var client = host.CreateClient();

        var text = await client.GetStringAsync("/orders/41");

        Assert.Equal("42", text);
    }

    [Fact]
    public async Task StartServerAsync_HeadRequest_NoBodyOverSocket()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapGet("/a", () => "hello")));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, "/a");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task StartAsync_NoRoutes_ThrowsClearError()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => BackEndTestHost.StartAsync(_ => { }));

        Assert.Contains("AddRoutes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "a\r\nSet-Cookie: x=1", true)]
    [InlineData(true, "a\r\nSet-Cookie: x=1", true)]
    [InlineData(false, "caf\u00e9", true)]
    [InlineData(true, "caf\u00e9", true)]
    [InlineData(false, "a\nb", false)]
    [InlineData(true, "a\nb", false)]
    [InlineData(false, "caf\u00e9", false)]
    [InlineData(true, "caf\u00e9", false)]
    public async Task Response_InvalidHeaderValue_Returns500LikeTheServer(bool realServer, string value, bool writesBody)
    {
        Action<IApplicationBuilder> configure = app => app.Use((context, next) =>
        {
            context.Response.Headers["X-Bad"] = value;

            // With a body the head is written inside the pipeline; without one, only after the handler returned.
            return writesBody ? BackEnd.Results.Results.Text("ok").ExecuteAsync(context) : ValueTask.CompletedTask;
        });
        await using var host = realServer
            ? await BackEndTestHost.StartServerAsync(b => b.Configure(configure))
            : await BackEndTestHost.StartAsync(b => b.Configure(configure));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Bad"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public sealed record Product(string Name, decimal Price);
}
