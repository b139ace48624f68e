using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace BackEnd.Core.Tests.Server;

/// <summary>A byte-level HTTP/1.1 client: sends exactly what a test writes and parses responses strictly.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public RawClient(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; set; }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes abortively (RST), as a crashed or killed client would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>Reads one response; null when the server closed the connection before a status line.</summary>
    public async Task<TestResponse?> ReadResponseAsync(bool headRequest = false)
    {
        var statusLine = await ReadLineAsync();
        if (statusLine is null)
        {
            return null;
        }

        var head = new StringBuilder(statusLine).Append("\r\n");
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Bad status line: {statusLine}");
        }

        var response = new TestResponse { Status = int.Parse(parts[1], CultureInfo.InvariantCulture) };
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new InvalidDataException("Connection closed inside the response head.");
            head.Append(line).Append("\r\n");
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (!response.Headers.TryGetValue(name, out var values))
            {
                response.Headers[name] = values = [];
            }

            values.Add(value);
        }

        var result = new TestResponse { Status = response.Status, Head = head.ToString() };
        foreach (var pair in response.Headers)
        {
            result.Headers[pair.Key] = pair.Value;
        }

        if (headRequest || result.Status < 200 || result.Status is 204 or 304)
        {
            return result;
        }

        if (result.Header("Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync() ?? throw new InvalidDataException("Connection closed inside a chunked body.");
                var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(await ReadLineAsync()))
                    {
                    }

                    break;
                }

                body.Write(await ReadExactAsync(size));
                _ = await ReadLineAsync();
            }

            result.Body = body.ToArray();
        }
        else if (result.Header("Content-Length") is { } length)
        {
            result.Body = await ReadExactAsync(int.Parse(length, CultureInfo.InvariantCulture));
        }
        else
        {
            result.Body = await ReadToEndAsync();
        }

        return result;
    }

    /// <summary>Reads responses until the server closes the connection.</summary>
    public async Task<List<TestResponse>> ReadAllResponsesAsync(bool headRequests = false)
    {
        var responses = new List<TestResponse>();
        while (await ReadResponseAsync(headRequests) is { } response)
        {
            responses.Add(response);
        }

        return responses;
    }

    /// <summary>True when the server has closed the connection: a read returns end of stream (or a reset) with nothing unread.</summary>
    public async Task<bool> IsClosedAsync()
    {
        if (_end > _start)
        {
            return false;
        }

        try
        {
            return await FillAsync() == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && await FillAsync() == 0)
            {
                return line.Count == 0 ? null : throw new InvalidDataException("Connection closed inside a line.");
            }

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                if (line.Count == 0 || line[^1] != (byte)'\r')
                {
                    throw new InvalidDataException("Response line without CRLF.");
                }

                return Encoding.Latin1.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(b);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count)
    {
        var result = new byte[count];
        var offset = 0;
        while (offset < count)
        {
            if (_start == _end && await FillAsync() == 0)
            {
                throw new InvalidDataException("Connection closed inside a body.");
            }

            var n = Math.Min(count - offset, _end - _start);
            Array.Copy(_buffer, _start, result, offset, n);
            _start += n;
            offset += n;
        }

        return result;
    }

    private async Task<byte[]> ReadToEndAsync()
    {
        using var body = new MemoryStream();
        while (true)
        {
            if (_start == _end && await FillAsync() == 0)
            {
                return body.ToArray();
            }

            body.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
    }

    private async Task<int> FillAsync()
    {
        using var timeout = new CancellationTokenSource(s_readTimeout);
        int read;
        try
        {
            read = await Stream.ReadAsync(_buffer, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The server neither answered nor closed the connection in time.");
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            read = 0;
        }

        _start = 0;
        _end = read;
        return read;
    }
}
