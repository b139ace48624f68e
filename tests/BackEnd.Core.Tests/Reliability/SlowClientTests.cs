using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using BackEnd.Core.Tests.Server;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>
/// A thousand clients dribbling their headers a byte a second and a thousand idle keep-alive connections: a normal client
/// is still served, and the server cuts each kind off at its configured timeout. Latency is printed, never asserted.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    // The server checks deadlines on a one-second heartbeat against a clock it refreshes on the same beat, so a cut can
    // come up to about a beat early or late; the bounds below allow that and a slow machine, nothing more.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DribblersAndIdleConnections_NormalClientServed_EachCutOffAtItsTimeout()
    {
        // Four descriptors per dribbler slot: both ends, plus the reconnection that replaces it while the old one closes.
        var idleCount = Loopback.Scale(1000, 4, output.WriteLine);
        var dribblerCount = idleCount;
        await using var server = await TestServer.StartAsync(Loopback.Plaintext, o =>
        {
            o.RequestHeadersTimeout = HeadersTimeout;
            o.KeepAliveTimeout = KeepAliveTimeout;
        });

        var idle = await Loopback.OpenAsync(server.Port, idleCount);
        var idleWatchers = new List<Task<(bool Closed, double Seconds)>>();
        try
        {
            foreach (var batch in idle.Chunk(64))
            {
                idleWatchers.AddRange(await Task.WhenAll(batch.Select(StartIdleAsync)));
            }

            using var stop = new CancellationTokenSource();
            var dribbles = new ConcurrentBag<Dribble>();
            var dribblers = Enumerable.Range(0, dribblerCount).Select(i => DribbleAsync(server.Port, i, dribbles, stop.Token)).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            var latencies = await RunNormalClientAsync(server.Port, Window);
            var heldDuring = server.ServerServices.Connections.Count;
            await stop.CancelAsync();
            await Task.WhenAll(dribblers).WaitAsync(HeadersTimeout + Slack + Slack);
            var idleOutcomes = await Task.WhenAll(idleWatchers).WaitAsync(KeepAliveTimeout + Slack + Slack);

            var sorted = latencies.Select(l => l.Milliseconds).Order().ToList();
            var lifetimes = dribbles.Select(d => d.Seconds).Order().ToList();
            var idleLifetimes = idleOutcomes.Select(o => o.Seconds).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"normal client: {sorted.Count} requests while {idleCount} idle + {dribblerCount} dribbling connections were held ({heldDuring} server connections); " +
                $"p50 {Loopback.Percentile(sorted, 50):F2} ms, p99 {Loopback.Percentile(sorted, 99):F2} ms, max {sorted.LastOrDefault():F2} ms; load average {Loopback.LoadAverage()}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dribblers: {lifetimes.Count} connections, {dribbles.Count(d => d.Got408)} got 408; lifetime min {lifetimes.FirstOrDefault():F2} s, p50 {Loopback.Percentile(lifetimes, 50):F2} s, max {lifetimes.LastOrDefault():F2} s (RequestHeadersTimeout {HeadersTimeout.TotalSeconds} s)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle: {idleOutcomes.Count(o => o.Closed)} of {idleCount} closed; after min {idleLifetimes.FirstOrDefault():F2} s, max {idleLifetimes.LastOrDefault():F2} s (KeepAliveTimeout {KeepAliveTimeout.TotalSeconds} s)"));

            Assert.All(latencies, l => Assert.Equal(200, l.Status));
            Assert.True(sorted.Count >= 10, $"Only {sorted.Count} normal requests completed in {Window.TotalSeconds} s.");
            Assert.True(heldDuring >= idleCount, $"Only {heldDuring} connections were open during the window: the idle ones were dropped early.");
            Assert.True(lifetimes.Count >= dribblerCount, "Every dribbler slot ran at least one connection to its end.");
            Assert.All(dribbles, d => Assert.True(d.Closed, "A dribbling connection outlived the test's bound."));
            Assert.InRange(lifetimes[0], HeadersTimeout.TotalSeconds - 2, double.MaxValue);
            Assert.InRange(lifetimes[^1], 0, (HeadersTimeout + Slack).TotalSeconds);
            Assert.True(dribbles.Count(d => d.Got408) > dribbles.Count / 2, "The server closed most dribblers without its 408.");
            Assert.All(idleOutcomes, o => Assert.True(o.Closed, "An idle keep-alive connection was never closed."));
            Assert.InRange(idleLifetimes[0], KeepAliveTimeout.TotalSeconds - 2, double.MaxValue);
            Assert.InRange(idleLifetimes[^1], 0, (KeepAliveTimeout + Slack).TotalSeconds);
        }
        finally
        {
            Loopback.CloseAll(idle);
        }
    }

    /// <summary>One request on an idle connection, then a watcher timing how long the server keeps it open.</summary>
    private static async Task<Task<(bool Closed, double Seconds)>> StartIdleAsync(Socket socket)
    {
        await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
        var status = await Loopback.ReadSmallResponseAsync(socket, new byte[512], TimeSpan.FromSeconds(20));
        Assert.Equal(200, status);
        var since = Stopwatch.GetTimestamp();
        return WatchAsync();

        async Task<(bool, double)> WatchAsync()
        {
            var (closed, _) = await Loopback.WaitForCloseAsync(socket, KeepAliveTimeout + Slack);
            return (closed, Loopback.Seconds(since));
        }
    }

    /// <summary>
    /// Keeps one slot dribbling until stopped: a header byte a second, and a new connection each time the server cuts the
    /// last one, so the attack holds its size for the whole window.
    /// </summary>
    private static async Task DribbleAsync(int port, int slot, ConcurrentBag<Dribble> outcomes, CancellationToken stop)
    {
        var head = "GET /plaintext HTTP/1.1\r\nHost: a\r\nX-Slow: "u8.ToArray();
        var random = new Random(slot);
        try
        {
            await Task.Delay(random.Next(1000), stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stop.IsCancellationRequested)
        {
            using var socket = await Loopback.ConnectAsync(port);
            var since = Stopwatch.GetTimestamp();
            var watch = Loopback.WaitForCloseAsync(socket, HeadersTimeout + Slack);
            for (var i = 0; !watch.IsCompleted; i++)
            {
                try
                {
                    await socket.SendAsync(head.AsMemory(Math.Min(i, head.Length - 1), 1), SocketFlags.None, CancellationToken.None);
                }
                catch (SocketException)
                {
                    break;
                }

                await Task.WhenAny(watch, Task.Delay(1000, CancellationToken.None));
            }

            var (closed, received) = await watch;
            outcomes.Add(new Dribble(closed, received.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), Loopback.Seconds(since)));
        }
    }

    private static async Task<List<(int Status, double Milliseconds)>> RunNormalClientAsync(int port, TimeSpan window)
    {
        var results = new List<(int, double)>();
        using var socket = await Loopback.ConnectAsync(port);
        var buffer = new byte[512];
        var end = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(Loopback.PlaintextRequest, SocketFlags.None);
            var status = await Loopback.ReadSmallResponseAsync(socket, buffer, TimeSpan.FromSeconds(20));
            results.Add((status, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            await Task.Delay(5);
        }

        return results;
    }

    private sealed record Dribble(bool Closed, bool Got408, double Seconds);
}
