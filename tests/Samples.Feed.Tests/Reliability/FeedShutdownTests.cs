using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Samples.ScaleOut;
using Samples.Shop.Tests.Reliability;
using Xunit.Abstractions;

namespace Samples.Feed.Tests.Reliability;

/// <summary>
/// Graceful shutdown with live subscribers: SIGTERM to the real Feed process while server-sent-event streams are open,
/// keep-alive clients read the posts and writers post. Streams must end cleanly (the chunked body terminated, no reset)
/// without the shutdown waiting for them to end by themselves; requests already sent are answered, new connections
/// refused, the process exits 0 within the host's shutdown timeout, and every acknowledged post is there after a restart.
/// </summary>
public sealed class FeedShutdownTests(ITestOutputHelper output)
{
    private const int Subscribers = 6;
    private const int ReadLoops = 8;
    private const int Writers = 3;
    private const string Password = "a-good-password-1";

    // The generic host's default: a stop that waited for the streams to end by themselves would run into it and abort them.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_WithSseSubscribers_StreamsEndCleanly_AnswersWhatItReceived_ExitsZero_KeepsAcknowledgedPosts()
    {
        var data = Directory.CreateTempSubdirectory("feed-shutdown-").FullName;
        using var hardStop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var cancellationToken = hardStop.Token;
        var load = new KeepAliveLoad();
        var acknowledged = new List<long>();
        try
        {
            await using (var feed = await StartAsync(data, 20660))
            {
                var tokens = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => SignInAsync(feed, $"writer{i}", register: true)));
                var streams = Enumerable.Range(0, Subscribers).Select(_ => new SseStream()).ToArray();
                var subscribers = streams.Select(s => Task.Run(() => s.RunAsync(feed.Port, cancellationToken))).ToArray();
                await Task.WhenAll(streams.Select(s => s.Opened.Task)).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

                var loops = new List<Task>();
                for (var i = 0; i < ReadLoops; i++)
                {
                    loops.Add(Task.Run(() => load.RunClientAsync(feed.Port, _ => RawConnection.Request("GET", "/api/posts?pageSize=5"), 200, null, null, cancellationToken)));
                }

                for (var i = 0; i < Writers; i++)
                {
                    var token = tokens[i];
                    var writer = i;
                    loops.Add(Task.Run(() => load.RunClientAsync(
                        feed.Port,
                        n => RawConnection.Request("POST", "/api/posts", token, JsonSerializer.Serialize(new { text = $"post {writer}-{n}" })),
                        201,
                        response =>
                        {
                            var id = JsonSerializer.Deserialize<JsonElement>(response.Body).GetProperty("id").GetInt64();
                            lock (acknowledged)
                            {
                                acknowledged.Add(id);
                            }
                        },
                        null,
                        cancellationToken)));
                }

                // Warm: the loops have been answered for a while and every stream has carried events.
                for (var i = 0; i < 600 && (Volatile.Read(ref load.Responses) < 200 || streams.Any(s => s.Events < 3)); i++)
                {
                    await Task.Delay(100, cancellationToken);
                }

                Volatile.Write(ref load.TermSent, true);
                var stopwatch = Stopwatch.StartNew();
                await feed.TerminateAsync();

                var refused = false;
                var refusedWhileAlive = false;
                for (var i = 0; i < 1500 && !refused; i++)
                {
                    try
                    {
                        await using var probe = await RawConnection.ConnectAsync(feed.Port, cancellationToken);
                        await Task.Delay(20, cancellationToken);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                        refused = true;
                        refusedWhileAlive = !feed.HasExited;
                    }
                }

                var refusedAfter = stopwatch.Elapsed;
                await Task.WhenAll(subscribers).WaitAsync(ShutdownTimeout + TimeSpan.FromSeconds(30), cancellationToken);
                var streamsEndedAfter = stopwatch.Elapsed;
                var exitCode = await feed.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(30));
                var exitedAfter = stopwatch.Elapsed;
                await Task.WhenAll(loops).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

                output.WriteLine($"SSE subscribers {Subscribers}: events received {string.Join(",", streams.Select(s => s.Events))}, " +
                    $"endings {string.Join(",", streams.Select(s => s.Ending))}, last stream ended {streamsEndedAfter.TotalMilliseconds:F0} ms after SIGTERM");
                output.WriteLine($"requests sent {load.Sent}, complete responses {load.Responses} ({load.CloseResponses} with Connection: close), " +
                    $"unanswered sent before SIGTERM {load.UnansweredBeforeTerm}, after {load.UnansweredAfterTerm}; posts acknowledged {acknowledged.Count}; " +
                    $"loops ended by a refused connection {load.Refused} of {ReadLoops + Writers}");
                output.WriteLine($"new connections refused {refusedAfter.TotalMilliseconds:F0} ms after SIGTERM (process alive: {refusedWhileAlive}); " +
                    $"exit code {exitCode} after {exitedAfter.TotalMilliseconds:F0} ms (shutdown timeout {ShutdownTimeout.TotalSeconds} s); load average {LoadAverage()}");

                Assert.True(load.Responses >= 200, $"only {load.Responses} responses before the stop:\n{feed.Output}");
                Assert.Empty(load.Failures.Items);
                Assert.Equal(0, load.UnansweredBeforeTerm);
                Assert.All(streams, s => Assert.Equal("clean", s.Ending));
                Assert.All(streams, s => Assert.True(s.Events >= 3, $"a stream got only {s.Events} events"));
                Assert.True(refused, "no new connection was refused after SIGTERM");
                Assert.Equal(0, exitCode);
                Assert.True(exitedAfter < ShutdownTimeout, $"the process took {exitedAfter.TotalSeconds:F1} s to exit: the stop waited for the streams");
                Assert.Equal(ReadLoops + Writers, load.Refused);
                Assert.NotEmpty(acknowledged);
            }

            // Every acknowledged post is there after a start on the same files.
            await using var restarted = await StartAsync(data, 20670);
            using var client = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            var missing = 0;
            foreach (var id in acknowledged)
            {
                using var response = await client.GetAsync($"api/posts/{id}", cancellationToken);
                missing += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }

            output.WriteLine($"after restart: {acknowledged.Count - missing} of {acknowledged.Count} acknowledged posts present");
            Assert.Equal(0, missing);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<SampleProcess> StartAsync(string data, int portFrom)
    {
        var feed = SampleProcess.Start("Feed.dll", "feed", SampleProcess.FreePort(portFrom), new Dictionary<string, string?>
        {
            ["Feed:DataPath"] = data,

            // One log line per request would make the pipe the bottleneck; the stop is still logged.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:BackEnd.Server"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });
        try
        {
            await feed.WaitHealthyAsync(TimeSpan.FromMinutes(2));
            return feed;
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> SignInAsync(SampleProcess feed, string userName, bool register)
    {
        using var client = new HttpClient { BaseAddress = feed.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        if (register)
        {
            using var registered = await client.PostAsJsonAsync("auth/register", new { userName, password = Password });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var login = await client.PostAsJsonAsync("auth/login", new { userName, password = Password, token = true });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>
    /// One <c>GET /api/posts/stream</c> read off a raw socket until the server ends it; then its chunked framing is checked
    /// whole: <c>clean</c> when it ends with the last chunk, otherwise how it was cut.
    /// </summary>
    private sealed class SseStream
    {
        private int _events;

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Events => Volatile.Read(ref _events);

        public string Ending { get; private set; } = "running";

        public async Task RunAsync(int port, CancellationToken cancellationToken)
        {
            using var received = new MemoryStream();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            await socket.SendAsync("GET /api/posts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Write(buffer, 0, read);
                    var text = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
                    if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        Opened.TrySetResult();
                    }

                    Volatile.Write(ref _events, CountEvents(text));
                }
            }
            catch (SocketException e)
            {
                Ending = "cut: " + e.SocketErrorCode;
                Opened.TrySetResult();
                return;
            }

            Ending = Check(Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length));
            Opened.TrySetResult();
        }

        // The server writes each field's name and value as chunks of their own, so an event is counted by its JSON data,
        // which is written whole.
        private static int CountEvents(string text)
        {
            var count = 0;
            for (var at = text.IndexOf("{\"id\":", StringComparison.Ordinal); at >= 0; at = text.IndexOf("{\"id\":", at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        /// <summary>The head must say 200, event-stream and chunked; the body must be whole chunks ending with the last chunk.</summary>
        private static string Check(string text)
        {
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0)
            {
                return "ended before the head";
            }

            var head = text[..headEnd];
            if (!head.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)
                || !head.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase)
                || !head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                return "unexpected head: " + head.ReplaceLineEndings(" | ");
            }

            var at = headEnd + 4;
            while (true)
            {
                var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
                if (lineEnd < 0 || !int.TryParse(text.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
                {
                    return "cut inside the chunk framing";
                }

                // The sizes count bytes; the events are ASCII JSON, so characters are bytes here.
                var next = lineEnd + 2 + size + 2;
                if (next > text.Length || text.Substring(next - 2, 2) != "\r\n")
                {
                    return "cut inside a chunk";
                }

                if (size == 0)
                {
                    return next == text.Length ? "clean" : "bytes after the last chunk";
                }

                at = next;
            }
        }
    }
}
