using System.Globalization;
using System.Net.Sockets;
using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>Bodies over <c>MaxRequestBodySize</c> are refused from their framing, without the server reading them.</summary>
[Collection(ReliabilityGroup.Name)]
public sealed class OversizedBodyTests(ITestOutputHelper output)
{
    private const long Limit = 1024 * 1024;

    [Theory]
    [InlineData("1048577", 413)]
    [InlineData("9223372036854775807", 413)]
    [InlineData("99999999999999999999999", 400)]
    [InlineData("9223372036854775808", 400)]
    public async Task DeclaredLengthOverLimitOrUnrepresentable_RefusedBeforeAnyBodyByteIsSent(string contentLength, int status)
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody, o => o.MaxRequestBodySize = Limit);
        await using var client = await server.ConnectAsync();

        // Only the head goes out: were the server waiting for the body, this read would time out instead.
        await client.SendAsync($"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Type: application/octet-stream\r\nContent-Length: {contentLength}\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(status, response!.Status);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.True(response.HasConnectionClose);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task EndlessChunkedBody_413AndClosed_ServerStopsReadingNearTheLimit()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody, o => o.MaxRequestBodySize = Limit);
        using var socket = await Loopback.ConnectAsync(server.Port);
        await socket.SendAsync("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), SocketFlags.None);
        var watch = Loopback.WaitForCloseAsync(socket, TimeSpan.FromSeconds(60));
        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('x', 0x10000) + "\r\n");
        long sent = 0;

        // A server that kept reading would let this run to the cap; one that refuses stops it within socket buffers.
        const long cap = 512L * 1024 * 1024;
        try
        {
            while (!watch.IsCompleted && sent < cap)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                sent += await socket.SendAsync(chunk, SocketFlags.None, timeout.Token);
            }
        }
        catch (SocketException)
        {
            // Reset by the server after its 413: the expected end of this upload.
        }
        catch (OperationCanceledException)
        {
            // The server stopped reading and the send buffers filled: it is not consuming the body either.
        }

        var (closed, received) = await watch;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"client got {sent / 1024} KiB out before the refusal stopped it (limit {Limit / 1024} KiB)"));

        Assert.StartsWith("HTTP/1.1 413 ", received, StringComparison.Ordinal);
        Assert.True(closed);
        Assert.InRange(sent, Limit, 64L * 1024 * 1024);
    }

    [Fact]
    public async Task BodyOverLimitOnARoutedJsonEndpoint_413ProblemBeforeTheHandler()
    {
        var handled = 0;
        await using var server = await TestServer.StartAsync(
            backEnd => backEnd.Configure(app => app.MapPost("/items", (Item item) =>
            {
                Interlocked.Increment(ref handled);
                return item.Name;
            })),
            o => o.MaxRequestBodySize = 64);
        await using var client = await server.ConnectAsync();
        var json = "{\"name\":\"" + new string('n', 200) + "\"}";

        await client.SendAsync($"POST /items HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: {json.Length}\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(413, response!.Status);
        Assert.Equal(0, handled);
        Assert.True(await client.IsClosedAsync());
    }

    private sealed record Item(string Name);
}
