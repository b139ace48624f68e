using System.Net;
using System.Net.Http.Json;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using Microsoft.Extensions.Configuration;

namespace BackEnd.Testing.Tests;

public sealed class BackEndTestHostTests
{
    [Fact]
    public async Task StartServerAsync_RealSockets_ServesRoutesBindingAndProblems()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app =>
        {
            app.MapGet("/users/{id:int}", (int id, string? greeting) => $"{greeting ?? "hi"} {id}");
            app.MapPost("/products", (Product product) => BackEnd.Http.Results.Created("/products/1", product));
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
            return writesBody ? BackEnd.Http.Results.Text("ok").ExecuteAsync(context) : ValueTask.CompletedTask;
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateClient_AllowAutoRedirectFalse_SeesTheRedirect(bool realServer)
    {
        Action<IBackEndBuilder> configure = b => b.Configure(app =>
        {
            app.MapGet("/old", () => BackEnd.Http.Results.Redirect("/new"));
            app.MapGet("/new", () => "new");
        });
        var options = new BackEndTestHostOptions { AllowAutoRedirect = false };
        await using var host = realServer ? await BackEndTestHost.StartServerAsync(configure, options) : await BackEndTestHost.StartAsync(configure, options);
        using var client = host.CreateClient();

        var response = await client.GetAsync("/old");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/new", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RemoteIpAddressKey_Set_HandlerSeesAddressAndNoCarrierHeader()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b.Configure(app =>
            app.MapGet("/who", (HttpContext context) => $"{context.Connection.RemoteIpAddress}|{context.Request.Headers.Count}")));
        using var client = host.CreateClient();
        using var withAddress = new HttpRequestMessage(HttpMethod.Get, "/who");
        withAddress.Options.Set(BackEndTestHost.RemoteIpAddressKey, IPAddress.Parse("203.0.113.7"));
        using var without = new HttpRequestMessage(HttpMethod.Get, "/who");

        var first = await (await client.SendAsync(withAddress)).Content.ReadAsStringAsync();
        var second = await (await client.SendAsync(without)).Content.ReadAsStringAsync();

        // Only the Host header is left: the carrier header never reaches the application.
        Assert.Equal("203.0.113.7|1", first);
        Assert.Equal("127.0.0.1|1", second);
    }

    [Fact]
    public async Task StartAsync_LimitFromConfiguration_AppliedInMemory()
    {
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app => app.MapPost("/upload", () => "read")),
            new BackEndTestHostOptions
            {
                ConfigureHost = h => h.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["BackEnd:Server:MaxRequestBodySize"] = "10" }),
            });
        using var client = host.CreateClient();

        var small = await client.PostAsync("/upload", new ByteArrayContent(new byte[10]));
        var large = await client.PostAsync("/upload", new ByteArrayContent(new byte[11]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task StartAsync_HttpsBaseAddress_ServedOverTlsInMemory()
    {
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app => app.MapGet("/tls", (HttpContext context) => $"{context.Request.Scheme}|{context.Connection.IsTls}|{context.Request.Host}")),
            new BackEndTestHostOptions { BaseAddress = new Uri("https://localhost/") });
        using var client = host.CreateClient();
        using var plain = host.CreateClient();
        plain.BaseAddress = new Uri("http://localhost/");

        var overTls = await client.GetStringAsync("/tls");
        var overPlain = await plain.GetStringAsync("/tls");

        Assert.Equal("https|True|localhost", overTls);
        Assert.Equal("http|False|localhost", overPlain);
    }

    [Fact]
    public async Task StartAsync_HttpsCertificate_NotTrustedByOtherClients()
    {
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app => app.MapGet("/", () => "x")),
            new BackEndTestHostOptions { BaseAddress = new Uri("https://localhost/") });
        using var handler = new SocketsHttpHandler
        {
            // The host's own in-memory connections, but a client that does not know the host's certificate.
            ConnectCallback = (_, _) => ValueTask.FromResult(host.InMemoryServer!.Connect(tls: true)),
        };
        using var stranger = new HttpClient(handler) { BaseAddress = new Uri("https://localhost/") };

        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/"));
    }

    public sealed record Product(string Name, decimal Price);
}
