using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using BackEnd.Bench.Realtime.Client;

// Usage (every run is bounded: timeouts end it even when the server stalls):
//   sse  <http://host:port> <subscribers> <events> <intervalMs> <serverPid>   fan-out: latency from publish to receipt, CPU per delivered event
//   idle <http://host:port> <subscribers> <serverPid>                          memory of idle SSE subscribers (server RSS growth)
//   ws   <ws://host:port/ws> <clients> <seconds> <messageBytes> <serverPid>  echo round trips
// Prints one "key=value ..." line that bench/realtime.sh reads.
var mode = args.Length > 0 ? args[0] : string.Empty;
try
{
    var line = mode switch
    {
        "sse" => await SseFanOut.RunAsync(new Uri(args[1]), Int(args[2]), Int(args[3]), Int(args[4]), Int(args[5])),
        "idle" => await SseFanOut.IdleAsync(new Uri(args[1]), Int(args[2]), Int(args[3])),
        "ws" => await WebSocketEcho.RunAsync(new Uri(args[1]), Int(args[2]), Int(args[3]), Int(args[4]), Int(args[5])),
        _ => throw new ArgumentException("mode must be sse, idle or ws"),
    };
    Console.WriteLine(line);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or FormatException or TimeoutException or IOException or SocketException or WebSocketException)
{
    Console.Error.WriteLine("realtime client: " + ex.Message);
    return 1;
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

namespace BackEnd.Bench.Realtime.Client
{
    internal static class Measure
    {
        private static readonly long s_clockTicks = 100;

        /// <summary>utime+stime of a process in microseconds (from /proc/pid/stat; clock ticks are 100 Hz on Linux).</summary>
        public static long CpuMicroseconds(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1_000_000 / s_clockTicks;
        }

        /// <summary>Resident memory of a process in KiB.</summary>
        public static long RssKilobytes(int pid)
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        public static double Percentile(long[] sortedTicks, double p) =>
            sortedTicks.Length == 0 ? 0 : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(p * sortedTicks.Length))] * 1_000_000.0 / Stopwatch.Frequency;

        public static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>One plain socket per subscriber reading <c>text/event-stream</c> (chunked or not) and timing each event.</summary>
    internal sealed class SseSubscriber : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly List<byte> _line = new(64);
        private readonly List<long> _latencies;
        private bool _chunked;
        private long _chunkLeft = -1;
        private int _chunkCrLf;
        private readonly StringBuilder _chunkSize = new();
        private readonly StringBuilder _header = new();
        private bool _inBody;

        public SseSubscriber(int expected) => _latencies = new List<long>(expected);

        public int Received => _latencies.Count;

        public List<long> Latencies => _latencies;

        public long LastReceived { get; private set; }

        /// <summary>Connects and sends the request; the server counting the subscriber is what says it is subscribed.</summary>
        public async Task ConnectAsync(Uri baseUri, CancellationToken cancellationToken)
        {
            await _socket.ConnectAsync(baseUri.Host, baseUri.Port, cancellationToken);
            var request = $"GET /sse HTTP/1.1\r\nHost: {baseUri.Authority}\r\nAccept: text/event-stream\r\n\r\n";
            await _socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        }

        /// <summary>Reads until <paramref name="expected"/> events arrived, the stream ends or the token fires.</summary>
        public async Task ReadAsync(int expected, CancellationToken cancellationToken)
        {
            try
            {
                while (_latencies.Count < expected)
                {
                    var read = await _socket.ReceiveAsync(_buffer, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    var now = Stopwatch.GetTimestamp();
                    for (var i = 0; i < read; i++)
                    {
                        Body(_buffer[i], now);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        /// <summary>
        /// Takes the response byte by byte: headers up to the blank line, then the body, de-chunked when chunked. The headers are
        /// parsed here rather than awaited on connect because a server may hold them back until the first event.
        /// </summary>
        private void Body(byte b, long now)
        {
            if (!_inBody)
            {
                _header.Append((char)b);
                var h = _header;
                if (h.Length >= 4 && h[^1] == '\n' && h[^2] == '\r' && h[^3] == '\n' && h[^4] == '\r')
                {
                    var text = h.ToString();
                    if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                    {
                        throw new IOException("SSE request answered " + text.Split('\r')[0]);
                    }

                    _chunked = text.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase);
                    _inBody = true;
                }

                return;
            }

            if (!_chunked)
            {
                Payload(b, now);
                return;
            }

            if (_chunkCrLf > 0)
            {
                _chunkCrLf--;
                return;
            }

            if (_chunkLeft <= 0)
            {
                if (b == '\n')
                {
                    _chunkLeft = long.Parse(_chunkSize.ToString().Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    _chunkSize.Clear();
                }
                else if (b != '\r')
                {
                    _chunkSize.Append((char)b);
                }

                return;
            }

            Payload(b, now);
            if (--_chunkLeft == 0)
            {
                _chunkCrLf = 2;
            }
        }

        private void Payload(byte b, long now)
        {
            if (b != '\n')
            {
                _line.Add(b);
                return;
            }

            // "data: <sequence> <publish timestamp>"
            if (_line.Count > 6 && _line[0] == 'd' && _line[4] == ':')
            {
                var text = Encoding.ASCII.GetString([.. _line]);
                var space = text.LastIndexOf(' ');
                var published = long.Parse(text.AsSpan(space + 1).TrimEnd('\r'), CultureInfo.InvariantCulture);
                _latencies.Add(now - published);
                LastReceived = now;
            }

            _line.Clear();
        }

        public void Dispose() => _socket.Dispose();
    }

    internal static class SseFanOut
    {
        private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(60) };

        public static async Task<string> RunAsync(Uri baseUri, int subscribers, int events, int intervalMs, int serverPid)
        {
            await DrainAsync(baseUri);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var clients = await SubscribeAsync(baseUri, subscribers, events, timeout.Token);
            try
            {
                var readers = clients.Select(c => Task.Run(() => c.ReadAsync(events, timeout.Token))).ToArray();
                var cpuBefore = Measure.CpuMicroseconds(serverPid);
                var start = Stopwatch.GetTimestamp();
                var published = await s_http.GetStringAsync(new Uri(baseUri, $"/broadcast?count={events}&intervalMs={intervalMs}"), timeout.Token);
                await Task.WhenAll(readers);
                var cpu = Measure.CpuMicroseconds(serverPid) - cpuBefore;
                var end = clients.Max(c => c.LastReceived);
                var received = clients.Sum(c => (long)c.Received);
                var all = clients.SelectMany(c => c.Latencies).ToArray();
                Array.Sort(all);
                var seconds = (end - start) / (double)Stopwatch.Frequency;
                return $"subscribers={subscribers} events={events} queued={published} received={received} " +
                    $"events_per_s={Measure.F(received / seconds)} p50_us={Measure.F(Measure.Percentile(all, 0.50))} " +
                    $"p99_us={Measure.F(Measure.Percentile(all, 0.99))} max_us={Measure.F(Measure.Percentile(all, 1))} " +
                    $"cpu_us_per_event={Measure.F(cpu / (double)Math.Max(received, 1))} cpu_ms={Measure.F(cpu / 1000.0)}";
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        }

        public static async Task<string> IdleAsync(Uri baseUri, int subscribers, int serverPid)
        {
            await DrainAsync(baseUri);
            GC.Collect();
            await Task.Delay(1000);
            var before = Measure.RssKilobytes(serverPid);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            var clients = await SubscribeAsync(baseUri, subscribers, 0, timeout.Token);
            try
            {
                await Task.Delay(2000, timeout.Token);
                var after = Measure.RssKilobytes(serverPid);
                return $"subscribers={subscribers} rss_before_kb={before} rss_after_kb={after} kb_per_subscriber={Measure.F((after - before) / (double)subscribers)}";
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        }

        /// <summary>Opens the streams 100 at a time and waits until the server counts them all as subscribers.</summary>
        private static async Task<SseSubscriber[]> SubscribeAsync(Uri baseUri, int subscribers, int events, CancellationToken cancellationToken)
        {
            var clients = Enumerable.Range(0, subscribers).Select(_ => new SseSubscriber(events)).ToArray();
            foreach (var batch in clients.Chunk(100))
            {
                await Task.WhenAll(batch.Select(c => c.ConnectAsync(baseUri, cancellationToken)));
            }

            while (await CountAsync(baseUri) < subscribers)
            {
                await Task.Delay(50, cancellationToken);
            }

            return clients;
        }

        /// <summary>Subscribers of an earlier run whose sockets are closed leave the server's hub at its next publish; publish until none is left.</summary>
        private static async Task DrainAsync(Uri baseUri)
        {
            for (var i = 0; i < 100 && await CountAsync(baseUri) > 0; i++)
            {
                await s_http.GetStringAsync(new Uri(baseUri, "/broadcast?count=1&intervalMs=0"));
                await Task.Delay(100);
            }

            if (await CountAsync(baseUri) > 0)
            {
                throw new TimeoutException("subscribers of an earlier run are still counted");
            }
        }

        private static async Task<int> CountAsync(Uri baseUri) =>
            int.Parse(await s_http.GetStringAsync(new Uri(baseUri, "/subscribers")), CultureInfo.InvariantCulture);
    }

    internal static class WebSocketEcho
    {
        public static async Task<string> RunAsync(Uri uri, int clients, int seconds, int size, int serverPid)
        {
            var sockets = new ClientWebSocket[clients];
            for (var i = 0; i < clients; i++)
            {
                sockets[i] = new ClientWebSocket();
                sockets[i].Options.KeepAliveInterval = TimeSpan.Zero;
                await sockets[i].ConnectAsync(uri, CancellationToken.None);
            }

            var message = new byte[size];
            Random.Shared.NextBytes(message);
            var latencies = Enumerable.Range(0, clients).Select(_ => new List<long>(100_000)).ToArray();

            // Warm-up of one second, then the measured window.
            await LoopAsync(sockets, message, null, TimeSpan.FromSeconds(1));
            var cpuBefore = Measure.CpuMicroseconds(serverPid);
            var start = Stopwatch.GetTimestamp();
            await LoopAsync(sockets, message, latencies, TimeSpan.FromSeconds(seconds));
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var cpu = Measure.CpuMicroseconds(serverPid) - cpuBefore;
            foreach (var socket in sockets)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                socket.Dispose();
            }

            var all = latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            return $"clients={clients} bytes={size} round_trips={all.Length} round_trips_per_s={Measure.F(all.Length / elapsed)} " +
                $"p50_us={Measure.F(Measure.Percentile(all, 0.50))} p99_us={Measure.F(Measure.Percentile(all, 0.99))} " +
                $"cpu_us_per_round_trip={Measure.F(cpu / (double)Math.Max(all.Length, 1))}";
        }

        private static Task LoopAsync(ClientWebSocket[] sockets, byte[] message, List<long>[]? latencies, TimeSpan duration)
        {
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            return Task.WhenAll(sockets.Select((socket, index) => Task.Run(async () =>
            {
                var buffer = new byte[message.Length + 16];
                while (Stopwatch.GetTimestamp() < end)
                {
                    var sent = Stopwatch.GetTimestamp();
                    await socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
                    var total = 0;
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer.AsMemory(total), CancellationToken.None);
                        total += result.Count;
                        if (result.EndOfMessage)
                        {
                            break;
                        }
                    }

                    if (total != message.Length)
                    {
                        throw new IOException($"echo of {message.Length} bytes came back as {total}");
                    }

                    latencies?[index].Add(Stopwatch.GetTimestamp() - sent);
                }
            })));
        }
    }
}
