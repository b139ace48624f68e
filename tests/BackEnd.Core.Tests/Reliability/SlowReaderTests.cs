using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Http;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>
/// The minimum response data rate on real sockets: a client that reads a large response a few bytes a second is cut off
/// long before the write-stall timeout would, and one that reads steadily above the rate gets the whole response.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class SlowReaderTests(ITestOutputHelper output)
{
    // A rate well above the default (240 B/s) so that the bytes the kernel buffers hold at once cost seconds, not hours.
    private const double Rate = 16 * 1024;
    private const int ResponseBytes = 1024 * 1024;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ReaderBelowTheRate_IsCutOffBeforeTheStallTimeout()
    {
        await using var server = await StartAsync(out var handlers);
        var started = Stopwatch.GetTimestamp();

        // 8 bytes every 250 ms: 32 B/s, a five-hundredth of the rate; the whole response would take nine hours.
        var (received, complete, closed) = await ReadAsync(server.Port, bytesPerStep: 8, limit: TimeSpan.FromSeconds(90));
        var seconds = Loopback.Seconds(started);
        var handler = await handlers.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slow reader (32 B/s, minimum {Rate / 1024} KiB/s, grace {Grace.TotalSeconds} s): cut after {seconds:F1} s having read {received} of {ResponseBytes} bytes; " +
            $"the handler wrote {handler.Written >> 10} KiB, ended by {handler.Ending}; load average {Loopback.LoadAverage()}"));

        Assert.True(closed, "the connection of a client reading 32 B/s was still open after 90 s");
        Assert.False(complete);
        Assert.InRange(received, 0, ResponseBytes / 2);
        Assert.Equal("abort", handler.Ending);
        Assert.True(server.ServerServices.Connections.IsEmpty, "the server still holds the slow reader's connection");
    }

    [Fact]
    public async Task ReaderAboveTheRate_GetsTheWholeResponse()
    {
        await using var server = await StartAsync(out var handlers);
        var started = Stopwatch.GetTimestamp();

        // 16 KiB every 250 ms: 64 KiB/s, four times the rate, about 16 s for the response.
        var (received, complete, closed) = await ReadAsync(server.Port, bytesPerStep: 16 * 1024, limit: TimeSpan.FromSeconds(120));
        var seconds = Loopback.Seconds(started);
        var handler = await handlers.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady reader (64 KiB/s, minimum {Rate / 1024} KiB/s): read {received} bytes in {seconds:F1} s ({received / seconds / 1024:F1} KiB/s), complete {complete}, " +
            $"handler ended by {handler.Ending}; load average {Loopback.LoadAverage()}"));

        Assert.True(complete, $"the steady reader got {received} bytes, closed {closed}");
        Assert.Equal("completion", handler.Ending);
    }

    private static Task<TestServer> StartAsync(out TaskCompletionSource<Handler> handlers)
    {
        var handlerSource = new TaskCompletionSource<Handler>(TaskCreationOptions.RunContinuationsAsynchronously);
        handlers = handlerSource;
        var chunk = new byte[16 * 1024];
        chunk.AsSpan().Fill((byte)'x');
        return TestServer.StartAsync(
            async context =>
            {
                var handler = new Handler();
                context.Response.ContentLength = ResponseBytes;
                try
                {
                    for (var written = 0; written < ResponseBytes; written += chunk.Length)
                    {
                        await context.Response.WriteAsync(chunk, context.RequestAborted);
                        handler.Written = written + chunk.Length;
                    }

                    handler.Ending = "completion";
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    handler.Ending = "abort";
                }
                finally
                {
                    handlerSource.TrySetResult(handler);
                }
            },
            o =>
            {
                o.MinResponseDataRate = Rate;
                o.MinResponseDataRateGracePeriod = Grace;

                // The write-stall timeout is far away: only the rate can end the slow reader within the test's bound.
                o.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            });
    }

    /// <summary>Requests the response and reads at most <paramref name="bytesPerStep"/> every 250 ms until it is complete or the server closes.</summary>
    private static async Task<(long Received, bool Complete, bool Closed)> ReadAsync(int port, int bytesPerStep, TimeSpan limit)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        using var timeout = new CancellationTokenSource(limit);
        await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), timeout.Token);
        await socket.SendAsync("GET /large HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(), SocketFlags.None);
        var buffer = new byte[bytesPerStep];
        var head = new StringBuilder();
        long received = 0;
        var headEnd = -1;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return (received, false, true);
                }

                received += read;
                if (headEnd < 0)
                {
                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    var at = head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    headEnd = at < 0 ? -1 : at + 4;
                }

                if (headEnd >= 0 && received - headEnd >= ResponseBytes)
                {
                    return (received - headEnd, true, false);
                }

                await Task.Delay(250, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return (received, false, false);
        }
        catch (SocketException)
        {
            return (received, false, true);
        }
    }

    private sealed class Handler
    {
        public volatile int Written;
        public volatile string Ending = "none";
    }
}
