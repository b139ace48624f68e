using System.Globalization;
using System.Net.Sockets;
using BackEnd.Core.Tests.Server;
using BackEnd.Http;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>
/// Clients that ask for a large response and never read it: the server holds at most its buffers and the socket's, not
/// the response, and cuts them off once a write has stalled for the keep-alive timeout (its write timeout).
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class NonReadingClientTests(ITestOutputHelper output)
{
    private const int Clients = 16;
    private const long ResponseBytes = 200L * 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LargeResponses_ClientsNeverRead_MemoryBoundedAndConnectionsCutOff(bool declareLength)
    {
        var handlers = new List<Handler>();
        var chunk = new byte[64 * 1024];
        await using var server = await TestServer.StartAsync(
            async context =>
            {
                var handler = new Handler();
                lock (handlers)
                {
                    handlers.Add(handler);
                }

                if (declareLength)
                {
                    context.Response.ContentLength = ResponseBytes;
                }

                try
                {
                    while (Interlocked.Read(ref handler.Written) < ResponseBytes)
                    {
                        await context.Response.WriteAsync(chunk, context.RequestAborted);
                        Interlocked.Add(ref handler.Written, chunk.Length);
                    }
                }
                finally
                {
                    handler.Finished.TrySetResult();
                }
            },
            o => o.KeepAliveTimeout = TimeSpan.FromSeconds(2));

        var before = Loopback.LiveHeapBytes();
        var sockets = await Loopback.OpenAsync(server.Port, Clients);
        try
        {
            foreach (var socket in sockets)
            {
                // A small receive window, as a stalled phone's: the kernel's buffers must not hide what the server holds.
                socket.ReceiveBufferSize = 4096;
                await socket.SendAsync("GET /large HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(), SocketFlags.None);
            }

            // Wait until every handler's writes have stalled, then measure the heap while they are blocked.
            long stalledAt = -1;
            for (var i = 0; i < 200; i++)
            {
                await Task.Delay(100);
                long total;
                lock (handlers)
                {
                    total = handlers.Count < Clients ? -1 : handlers.Sum(h => Interlocked.Read(ref h.Written));
                }

                if (total >= 0 && total == stalledAt)
                {
                    break;
                }

                stalledAt = total;
            }

            var during = Loopback.LiveHeapBytes();
            Task[] finished;
            lock (handlers)
            {
                finished = handlers.Select(h => h.Finished.Task).ToArray();
            }

            await Task.WhenAll(finished).WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(static _ => { }, TaskScheduler.Default);
            for (var i = 0; i < 300 && !server.ServerServices.Connections.IsEmpty; i++)
            {
                await Task.Delay(100);
            }

            var closed = await Task.WhenAll(sockets.Select(s => Loopback.WaitForCloseAsync(s, TimeSpan.FromSeconds(30))));
            var written = handlers.Select(h => Interlocked.Read(ref h.Written)).ToList();
            var growth = during - before;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Clients} non-reading clients of {ResponseBytes >> 20} MiB responses (Content-Length: {declareLength}): handlers wrote {written.Min() >> 10}-{written.Max() >> 10} KiB each before stalling; " +
                $"live managed heap {before >> 20} MiB before, {during >> 20} MiB while stalled (growth {growth >> 10} KiB); load average {Loopback.LoadAverage()}"));

            Assert.All(finished, t => Assert.True(t.IsCompleted, "A handler was still writing after the write timeout."));
            Assert.True(server.ServerServices.Connections.IsEmpty, "The server still holds a connection whose client never read.");
            Assert.All(closed, c => Assert.True(c.Closed));
            Assert.All(written, w => Assert.InRange(w, 1, 32L * 1024 * 1024));
            Assert.InRange(growth, long.MinValue, 32L * 1024 * 1024);
        }
        finally
        {
            Loopback.CloseAll(sockets);
        }
    }

    private sealed class Handler
    {
        public long Written;

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
