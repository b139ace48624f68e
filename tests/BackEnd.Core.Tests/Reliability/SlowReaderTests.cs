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
    // A rate well above the default (240 B/s): the socket buffers take the first megabyte or so at once, and at the
    // default rate that credit would last more than an hour. The response is several times what they hold.
    private const double Rate = 128 * 1024;
    private const int ResponseBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ReaderBelowTheRate_IsCutOffLongBeforeTheStallTimeout()
    {
        await using var server = await StartAsync(out var handlers);
        var started = Stopwatch.GetTimestamp();

        // 8 bytes every 100 ms: 80 B/s; the whole response would take more than a day.
        using var stopReading = new CancellationTokenSource();
        var reading = ReadAsync(server.Port, bytesPerStep: 8, limit: TimeSpan.FromSeconds(120), stopReading.Token);

        // The server's side is what counts: the client still has the bytes in its receive buffer to read before it sees the end.
        var handler = await handlers.Task.WaitAsync(TimeSpan.FromSeconds(90));
        var cutAfter = Loopback.Seconds(started);
        for (var i = 0; i < 100 && !server.ServerServices.Connections.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        var released = server.ServerServices.Connections.IsEmpty;
        await stopReading.CancelAsync();
        var (received, complete, _) = await reading;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slow reader (80 B/s, minimum {Rate / 1024} KiB/s, grace {Grace.TotalSeconds} s, stall timeout 10 min): the server cut it after {cutAfter:F1} s; " +
            $"the handler had written {handler.Written >> 10} KiB (what the socket buffers took), the client had read {received} bytes; load average {Loopback.LoadAverage()}"));

        Assert.Equal("abort", handler.Ending);
        Assert.True(released, "the server still holds the slow reader's connection");
        Assert.False(complete);
        Assert.InRange(handler.Written, 0, ResponseBytes / 2);
    }

    [Fact]
    public async Task ReaderAboveTheRate_GetsTheWholeResponse()
    {
        await using var server = await StartAsync(out var handlers);
        var started = Stopwatch.GetTimestamp();

        // 64 KiB every 100 ms: 640 KiB/s at most, five times the rate, about 13 s for the response.
        var (received, complete, closed) = await ReadAsync(server.Port, bytesPerStep: 64 * 1024, limit: TimeSpan.FromSeconds(120), CancellationToken.None);
        var seconds = Loopback.Seconds(started);
        var handler = await handlers.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady reader (up to 640 KiB/s, minimum {Rate / 1024} KiB/s): read {received} bytes in {seconds:F1} s ({received / seconds / 1024:F1} KiB/s), complete {complete}, " +
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

    /// <summary>Requests the response and reads <paramref name="bytesPerStep"/> every 100 ms until it is complete or the server closes.</summary>
    private static async Task<(long Received, bool Complete, bool Closed)> ReadAsync(int port, int bytesPerStep, TimeSpan limit, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(limit);
        await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), timeout.Token);
        await socket.SendAsync("GET /large HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(), SocketFlags.None);
        var buffer = new byte[Math.Min(bytesPerStep, 8192)];
        var head = new StringBuilder();
        long received = 0;
        var headEnd = -1;
        try
        {
            while (true)
            {
                // A small receive buffer returns a few KiB a call: read until this step's share has arrived.
                for (var step = 0; step < bytesPerStep;)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, bytesPerStep - step)), SocketFlags.None, timeout.Token);
                    if (read == 0)
                    {
                        return (received, false, true);
                    }

                    step += read;
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
                }

                await Task.Delay(100, timeout.Token);
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
