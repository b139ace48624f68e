using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// One HTTP/1.1 keep-alive connection over a raw socket, so a test sees exactly what the server sent: a response is either
/// complete (status line, headers and the whole Content-Length or chunked body) or the reader says how it was cut.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to 127.0.0.1; a connection refused (or reset from a closing listener's backlog) throws <see cref="SocketException"/> with <see cref="SocketError.ConnectionRefused"/>.</summary>
    public static async Task<RawConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new RawConnection(socket);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The listener closed while this connection waited in its backlog (a server stopping): the kernel resets it
            // instead of refusing it, but it was not accepted either.
            socket.Dispose();
            throw new SocketException((int)SocketError.ConnectionRefused);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A request with <c>Host</c>, an optional bearer token and an optional JSON body.</summary>
    public static byte[] Request(string method, string path, string? token = null, string? json = null)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (token is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {token}\r\n");
        }

        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        if (json is not null || method is "POST" or "PUT" or "PATCH")
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>
    /// Reads one response. Returns <see langword="null"/> when the connection ends (closed or reset) before its first byte:
    /// the request went unanswered. Throws <see cref="InvalidDataException"/> when it ends inside a response or the bytes are not HTTP.
    /// </summary>
    public async Task<RawResponse?> ReadResponseAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                return _end == _start ? null : throw new InvalidDataException($"The connection ended inside a response head ({_end - _start} bytes).");
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;
        var lines = head.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Not an HTTP/1.1 status line: '{lines[0]}'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"Not a header field: '{line}'.");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(cancellationToken);
        }
        else if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new InvalidDataException($"Bad Content-Length '{lengthText}'.");
            }

            body = await ReadExactlyAsync(length, cancellationToken);
        }
        else if (status is 204 or 304 or < 200)
        {
            body = [];
        }
        else
        {
            throw new InvalidDataException($"A {status} response without Content-Length or chunked framing.");
        }

        return new RawResponse(status, headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private int IndexOfHeadEnd() => _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8) is var i and >= 0 ? _start + i : -1;

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        try
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
        catch (IOException)
        {
            // A reset is an end of the connection like a close; the caller tells whether it cut a response.
            return false;
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        while (_end - _start < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new InvalidDataException($"The connection ended inside a body: {_end - _start} of {length} bytes.");
            }
        }

        var body = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return body;
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var body = new List<byte>();
        while (true)
        {
            var sizeLine = Encoding.ASCII.GetString(await ReadLineAsync(cancellationToken));
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailers end with an empty line.
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return [.. body];
            }

            body.AddRange(await ReadExactlyAsync(size, cancellationToken));
            if ((await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw new InvalidDataException("A chunk is not followed by CRLF.");
            }
        }
    }

    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new InvalidDataException("The connection ended inside a chunked body.");
            }
        }

        var line = _buffer.AsSpan(_start, end).ToArray();
        _start += end + 2;
        return line;
    }
}

/// <summary>A complete response as read off the wire.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Gets a value indicating whether the server said it closes the connection after this response.</summary>
    public bool ConnectionClose => Headers.TryGetValue("Connection", out var value) && value.Contains("close", StringComparison.OrdinalIgnoreCase);

    public string BodyText => Encoding.UTF8.GetString(Body);
}
