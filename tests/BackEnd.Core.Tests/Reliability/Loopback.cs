using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>Socket and process helpers for the reliability tests: bulk connects, close watching, figures to print.</summary>
internal static class Loopback
{
    public static readonly byte[] PlaintextRequest = "GET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray();

    /// <summary>Answers <c>Hello, World!</c> as text/plain, as the benchmark's plaintext endpoint does.</summary>
    public static ValueTask Plaintext(BackEnd.Http.HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("Hello, World!"u8.ToArray());
    }

    /// <summary>Opens <paramref name="count"/> connections, a few at a time so the listen backlog never overflows.</summary>
    public static async Task<List<Socket>> OpenAsync(int port, int count, int parallel = 32)
    {
        var sockets = new List<Socket>(count);
        for (var i = 0; i < count; i += parallel)
        {
            var batch = Enumerable.Range(0, Math.Min(parallel, count - i)).Select(_ => ConnectAsync(port));
            sockets.AddRange(await Task.WhenAll(batch));
        }

        return sockets;
    }

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads until the server closes (end of stream or reset) or <paramref name="limit"/> passes; returns what arrived
    /// (a 408 head, or nothing) and whether it closed. Never sends.
    /// </summary>
    public static async Task<(bool Closed, string Received)> WaitForCloseAsync(Socket socket, TimeSpan limit)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return (true, received.ToString());
                }

                if (received.Length < 4096)
                {
                    received.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (false, received.ToString());
        }
        catch (SocketException)
        {
            return (true, received.ToString());
        }
    }

    /// <summary>Reads one small Content-Length response (the plaintext one) and returns its status code.</summary>
    public static async Task<int> ReadSmallResponseAsync(Socket socket, byte[] buffer, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new IOException("The server closed the connection before a complete response.");
            }

            filled += read;
            var text = Encoding.Latin1.GetString(buffer, 0, filled);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lengthAt = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            var length = lengthAt < 0 ? 0 : int.Parse(text.AsSpan(lengthAt + 16, text.IndexOf('\r', lengthAt) - lengthAt - 16), CultureInfo.InvariantCulture);
            if (filled >= end + 4 + length)
            {
                return int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture);
            }
        }
    }

    public static void CloseAll(IEnumerable<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// How many connections the test may open: each costs two descriptors here (client and server end), so counts are
    /// scaled down, with a note, when the soft limit is low.
    /// </summary>
    public static int Scale(int wanted, int perConnection, Action<string> note)
    {
        var limit = OpenFileLimit();
        var affordable = (int)Math.Min(wanted, Math.Max(16, (limit - 512) / perConnection));
        if (affordable < wanted)
        {
            note($"NOTE: open-file soft limit {limit}: scaled {wanted} connections down to {affordable} (raise `ulimit -n` for the full count).");
        }

        return affordable;
    }

    public static long OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var soft = line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
            }
        }

        return 1024;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Seconds(long since) => Stopwatch.GetElapsedTime(since).TotalSeconds;

    /// <summary>The managed heap after a full collection: what the process holds, not garbage it has not collected yet.</summary>
    public static long LiveHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
