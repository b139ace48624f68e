using System.Buffers;

namespace BackEnd.Server.Internal;

/// <summary>
/// Connection upgrade (RFC 9110 §7.8): after a 101 the connection stops speaking HTTP and hands its transport, TLS
/// included, to whatever protocol the application switched to; the connection closes when that protocol ends.
/// </summary>
internal sealed partial class Http1Connection
{
    private volatile bool _upgraded;
    private int _watchActive;
    private TaskCompletionSource? _watchEnded;
    private CancellationTokenSource? _shutdownSource;

    /// <summary>Gets a value indicating whether the current request asks for an upgrade the connection can still grant.</summary>
    public bool IsUpgradableRequest =>
        !_upgraded && !_responseStarted && _request.Version == 11 && _bodyKind == BodyKind.None
        && _request.Headers.ContainsKey("Upgrade") && HasConnectionToken(_request.Headers["Connection"], "upgrade");

    /// <summary>
    /// Sends <c>101 Switching Protocols</c> with the response headers the application set (it sets <c>Upgrade</c>), then
    /// returns the raw connection as a duplex stream. Bytes the client sent after the request stay readable from it.
    /// </summary>
    public async Task<Stream> UpgradeAsync(CancellationToken cancellationToken)
    {
        if (!IsUpgradableRequest)
        {
            throw new InvalidOperationException("The request cannot be upgraded: it is not an HTTP/1.1 upgrade request without a body, or the response has started.");
        }

        _upgraded = true;
        WriteUpgradeHead();
        _responseStarted = true;
        _responseCompleted = true;
        _keepAlive = false;
        await FlushOutputAsync(cancellationToken).ConfigureAwait(false);
        CloseApplicationWatch();
        await StopDisconnectWatchAsync().ConfigureAwait(false);
        return new UpgradedConnectionStream(this);
    }

    /// <summary>
    /// Gets a token cancelled when the server starts to stop. Long-lived exchanges (event streams, upgraded protocols) end on it,
    /// because the server waits for connections to finish before the host signals ApplicationStopping.
    /// </summary>
    public CancellationToken ShutdownToken
    {
        get
        {
            if (_shutdownRequested)
            {
                return new CancellationToken(canceled: true);
            }

            var source = Volatile.Read(ref _shutdownSource);
            if (source is null)
            {
                var created = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _shutdownSource, created, null) ?? created;
                if (!ReferenceEquals(source, created))
                {
                    created.Dispose();
                }
            }

            if (_shutdownRequested)
            {
                // RequestShutdown may have run before the source was published.
                source.Cancel();
            }

            return source.Token;
        }
    }

    private void OnShutdownRequested()
    {
        try
        {
            Volatile.Read(ref _shutdownSource)?.Cancel();
        }
        catch (AggregateException)
        {
            // A throwing callback registered by the application must not stop the server's shutdown.
        }
    }

    /// <summary>Throws when the connection was aborted; a cancelled read on an upgraded connection means nothing else.</summary>
    public void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new IOException("The connection was aborted.");
        }
    }

    private void BeginDisconnectWatch() => Interlocked.Exchange(ref _watchActive, 1);

    private void EndDisconnectWatch()
    {
        Interlocked.Exchange(ref _watchActive, 0);
        Volatile.Read(ref _watchEnded)?.TrySetResult();
    }

    /// <summary>The idle-input watch and the upgraded protocol must not read the pipe at the same time: stop the watch first.</summary>
    private async Task StopDisconnectWatchAsync()
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _watchEnded, ended);
        if (Volatile.Read(ref _watchActive) == 1)
        {
            Input.CancelPendingRead();
            await ended.Task.ConfigureAwait(false);
        }
    }

    private void WriteUpgradeHead()
    {
        var headers = _response.ResponseHeaders;
        // Names and values were checked when set (ResponseHeaders.OnSetting); the stored values cannot change since.
        var writer = new OutputWriter(Output);
        writer.Write(HttpStatus.StatusLine(101));
        writer.Write(_services.Date.Line);
        foreach (var pair in headers.Fields)
        {
            if (string.Equals(pair.Key, "Connection", StringComparison.OrdinalIgnoreCase)
                || string.Equals(pair.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)
                || string.Equals(pair.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in pair.Value)
            {
                if (value is null)
                {
                    continue;
                }

                writer.WriteAscii(pair.Key);
                writer.Write(": "u8);
                writer.WriteAscii(value);
                writer.Write("\r\n"u8);
            }
        }

        writer.Write("Connection: Upgrade\r\n\r\n"u8);
        writer.Commit();
        _unflushed += writer.Written;
        headers.MakeReadOnly();
    }

    private static bool HasConnectionToken(Microsoft.Extensions.Primitives.StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads from the connection's input pipe into <paramref name="destination"/>; 0 at end of stream.</summary>
    internal async ValueTask<int> ReadUpgradedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ThrowIfAborted();
            var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                // A leftover cancellation from the stopped disconnect watch, or an abort.
                Input.AdvanceTo(buffer.Start);
                continue;
            }

            if (buffer.IsEmpty)
            {
                Input.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return 0;
                }

                continue;
            }

            var length = (int)Math.Min(buffer.Length, destination.Length);
            buffer.Slice(0, length).CopyTo(destination.Span);
            Input.AdvanceTo(buffer.GetPosition(length));
            OnBodyBytesConsumed(length);
            return length;
        }
    }

    internal async ValueTask WriteUpgradedAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        ThrowIfAborted();
        if (_services.Metrics.BytesSent.Enabled)
        {
            _services.Metrics.BytesSent.Add(source.Length);
        }

        var result = await Output.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            ThrowIfAborted();
        }
    }
}
