using System.Net.WebSockets;

namespace BackEnd.Realtime.Internal;

/// <summary>Counts the bytes of each received message; a message past the limit closes the socket with 1009 before the handler sees more of it.</summary>
internal sealed class MessageSizeLimitedWebSocket(WebSocket inner, int maxMessageSize) : WebSocket
{
    private long _received;

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(result.MessageType, result.Count, result.EndOfMessage);
        return result;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(result.MessageType, result.Count, result.EndOfMessage);
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);

    private void Count(WebSocketMessageType type, int count, bool endOfMessage)
    {
        if (type == WebSocketMessageType.Close)
        {
            return;
        }

        _received += count;
        if (_received > maxMessageSize)
        {
            _received = 0;
            _ = CloseTooBigAsync();
            throw new WebSocketException(WebSocketError.InvalidState, $"The message exceeds the limit of {maxMessageSize} bytes (WebSocketOptions.MaxMessageSize); the socket was closed with 1009.");
        }

        if (endOfMessage)
        {
            _received = 0;
        }
    }

    private async Task CloseTooBigAsync()
    {
        try
        {
            await inner.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            inner.Abort();
        }
    }
}
