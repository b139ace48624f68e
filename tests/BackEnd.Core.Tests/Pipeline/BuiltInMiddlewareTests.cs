using System.IO.Compression;
using System.Net;
using System.Text;
using BackEnd.Core.Tests.Testing;
using BackEnd.Diagnostics;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Pipeline.Compression;
using BackEnd.Pipeline.Cors;
using BackEnd.Pipeline.ForwardedHeaders;
using BackEnd.Pipeline.Health;
using BackEnd.Pipeline.RequestLogging;
using BackEnd.Routing;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Core.Tests.Pipeline;

public sealed class BuiltInMiddlewareTests
{
    private static readonly string LargeText = new('a', 4096);

    [Fact]
    public async Task Cors_PreflightFromAllowedOrigin_AnsweredWithAllowHeaders()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddCors(o =>
            {
                o.AllowedOrigins.Add("https://app.example.com");
                o.AllowedMethods.Add("PUT");
                o.AllowedHeaders.Add("X-Custom");
                o.AllowCredentials = true;
            })
            .Configure(app =>
            {
                app.UseCors();
                app.MapPut("/items", () => "ok");
            }));
        using var client = host.CreateClient();
        using var request = Preflight("https://app.example.com", "PUT", "X-Custom");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("PUT", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Equal("X-Custom", Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Cors_PreflightFromOtherOrigin_NoCorsHeaders()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddCors(o => o.AllowedOrigins.Add("https://app.example.com"))
            .Configure(app =>
            {
                app.UseCors();
                app.MapPost("/items", () => "ok");
            }));
        using var client = host.CreateClient();
        using var request = Preflight("https://evil.example.com", "POST", null);

        var response = await client.SendAsync(request);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_AnyOriginWithoutCredentials_UsesStar()
    {
        await using var host = await BackEndTestHost.StartAsync(b => b
            .AddCors(o => o.AllowAnyOrigin = true)
            .Configure(app =>
            {
                app.UseCors();
                app.MapGet("/items", () => "ok");
            }));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items");
        request.Headers.Add("Origin", "https://anyone.example.com");

        var response = await client.SendAsync(request);

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cors_AnyOriginWithCredentials_FailsAtStart()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => BackEndTestHost.StartAsync(b => b
            .AddCors(o =>
            {
                o.AllowAnyOrigin = true;
                o.AllowCredentials = true;
            })
            .Configure(app =>
            {
                app.UseCors();
                app.MapGet("/", () => "x");
            })));
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0.5, gzip;q=0.8", "gzip")]
    [InlineData("identity", null)]
    [InlineData("*", "br")]
    [InlineData("br;q=0, gzip;q=0", null)]
    public async Task Compression_AcceptEncoding_Negotiated(string acceptEncoding, string? expected)
    {
        await using var host = await CompressionHost();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/large");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Equal(LargeText, await Decode(response));
    }

    [Fact]
    public async Task Compression_SmallBody_NotCompressed()
    {
        await using var host = await CompressionHost();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/small");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var response = await client.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("small", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Compression_AlreadyCompressedType_NotCompressed()
    {
        await using var host = await CompressionHost();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/image");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var response = await client.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(4096, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Compression_StreamedUnknownLength_Compressed()
    {
        await using var host = await CompressionHost();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/streamed");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var response = await client.SendAsync(request);

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(LargeText + LargeText, await Decode(response));
    }

    [Fact]
    public async Task ForwardedHeaders_FromTrustedProxy_Applied()
    {
        await using var host = await ForwardedHost();
        using var client = host.CreateClient();
        using var request = Forwarded(IPAddress.Parse("10.0.0.5"));

        var text = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal("203.0.113.7|https|shop.example.com", text);
    }

    [Fact]
    public async Task ForwardedHeaders_FromUntrustedPeer_Ignored()
    {
        await using var host = await ForwardedHost();
        using var client = host.CreateClient();
        using var request = Forwarded(IPAddress.Parse("198.51.100.9"));

        var text = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal("198.51.100.9|http|localhost", text);
    }

    [Fact]
    public async Task ForwardedHeaders_SpoofedLeftEntries_OnlyLastHopUsed()
    {
        await using var host = await ForwardedHost();
        using var client = host.CreateClient();
        using var request = Forwarded(IPAddress.Parse("10.0.0.5"));
        request.Headers.Remove("X-Forwarded-For");
        request.Headers.Add("X-Forwarded-For", "1.2.3.4, 203.0.113.7");

        var text = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.StartsWith("203.0.113.7|", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHeaders_KeepAliveConnection_EachRequestFromProxyApplied()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b
            .AddForwardedHeaders(_ => { })
            .Configure(app =>
            {
                app.UseForwardedHeaders();
                app.MapGet("/who", (HttpContext c) => $"{c.Connection.RemoteIpAddress}");
            }));
        using var client = host.CreateClient();

        var first = await SendForwarded(client, "203.0.113.7");
        var second = await SendForwarded(client, "203.0.113.8");

        Assert.Equal("203.0.113.7", first);
        Assert.Equal("203.0.113.8", second);
    }

    [Fact]
    public async Task RequestLogging_Request_LogsOneLineWithMethodPathStatus()
    {
        var sink = new ListLoggerProvider();
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app =>
            {
                app.UseRequestLogging();
                app.MapGet("/hello", () => "hi");
            }),
            new BackEndTestHostOptions { ConfigureHost = h => h.Logging.AddProvider(sink) });
        using var client = host.CreateClient();

        await client.GetAsync("/hello");
        await client.GetAsync("/missing");

        var lines = sink.Messages.Where(m => m.Category == "BackEnd.RequestLogging").Select(m => m.Message).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("GET /hello responded 200 in ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("GET /missing responded 404 in ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exception_Unhandled_LoggedOnceWithPathAndTraceId()
    {
        var sink = new ListLoggerProvider();
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app => app.MapGet("/boom", string () => throw new InvalidOperationException("x"))),
            new BackEndTestHostOptions { ConfigureHost = h => h.Logging.AddProvider(sink) });
        using var client = host.CreateClient();

        await client.GetAsync("/boom");

        var errors = sink.Messages.Where(m => m.Level == LogLevel.Error).ToList();
        Assert.Single(errors);
        Assert.Contains("/boom", errors[0].Message, StringComparison.Ordinal);
        Assert.Matches("[0-9A-F]{8}:[0-9A-F]{8}", errors[0].Message);
    }

    [Fact]
    public async Task MapHealthChecks_AllHealthy_Returns200Report()
    {
        await using var host = await HealthHost(HealthStatus.Healthy);
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"storage\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapHealthChecks_OneUnhealthy_Returns503()
    {
        await using var host = await HealthHost(HealthStatus.Unhealthy);
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task MapHealthChecks_CheckHangsOrThrows_ReportedUnhealthyWithoutExceptionText()
    {
        await using var host = await BackEndTestHost.StartAsync(b =>
        {
            b.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheck, HangingCheck>());
            b.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheck, ThrowingCheck>());
            b.Configure(app => app.MapHealthChecks("/healthz", new HealthEndpointOptions { Timeout = TimeSpan.FromMilliseconds(1) }));
        });
        using var client = host.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"hanging\":{\"status\":\"Unhealthy\",\"description\":\"Timed out", body, StringComparison.Ordinal);
        Assert.Contains("\"throwing\":{\"status\":\"Unhealthy\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
    }

    private static Task<BackEndTestHost> HealthHost(HealthStatus status) =>
        BackEndTestHost.StartAsync(b =>
        {
            b.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheck>(new FixedCheck("storage", status)));
            b.Configure(app => app.MapHealthChecks());
        });

    private static Task<BackEndTestHost> CompressionHost() =>
        BackEndTestHost.StartAsync(b => b.Configure(app =>
        {
            app.UseResponseCompression();
            app.MapGet("/large", () => LargeText);
            app.MapGet("/small", () => "small");
            app.MapGet("/image", () => BackEnd.Results.Results.File(new byte[4096], "image/png"));
            app.MapGet("/streamed", async (HttpResponse response) =>
            {
                response.ContentType = "text/plain";
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(LargeText));
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(LargeText));
            });
        }));

    private static Task<BackEndTestHost> ForwardedHost() =>
        BackEndTestHost.StartAsync(b => b
            .AddForwardedHeaders(o => o.KnownNetworks.Add(IPNetwork.Parse("10.0.0.0/8")))
            .Configure(app =>
            {
                app.UseForwardedHeaders();
                app.MapGet("/who", (HttpContext c) => $"{c.Connection.RemoteIpAddress}|{c.Request.Scheme}|{c.Request.Host}");
            }));

    private static HttpRequestMessage Forwarded(IPAddress peer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Options.Set(BackEndTestHost.RemoteIpAddressKey, peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "shop.example.com");
        return request;
    }

    private static async Task<string> SendForwarded(HttpClient client, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static HttpRequestMessage Preflight(string origin, string method, string? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/items");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static async Task<string> Decode(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Stream stream = new MemoryStream(bytes);
        stream = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(stream, CompressionMode.Decompress),
            "gzip" => new GZipStream(stream, CompressionMode.Decompress),
            _ => stream,
        };
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private sealed class HangingCheck : IHealthCheck
    {
        public string Name => "hanging";

        public async ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }

    private sealed class ThrowingCheck : IHealthCheck
    {
        public string Name => "throwing";

        public ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("secret");
    }

    private sealed class FixedCheck(string name, HealthStatus status) : IHealthCheck
    {
        public string Name => name;

        public ValueTask<HealthCheckResult> CheckAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new HealthCheckResult(status, "fixed"));
    }
}
