using System.Net.WebSockets;
using BackEnd.Http;
using BackEnd.Realtime.Internal;
using BackEnd.Results.Internal;

namespace BackEnd.Realtime;

/// <summary>Accepts WebSocket upgrades on a request.</summary>
public static class WebSocketHttpContextExtensions
{
    /// <summary>
    /// Runs the RFC 6455 handshake. On success sends 101 and returns the socket (server role, keep-alive pings, message size limit).
    /// On a bad handshake writes a problem (400, 403 for a refused origin, 426 with <c>Sec-WebSocket-Version: 13</c>) and returns <see langword="null"/>.
    /// </summary>
    /// <param name="context">The request context.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The socket, or <see langword="null"/> when the handshake was refused.</returns>
    public static async ValueTask<WebSocket?> AcceptWebSocketAsync(this HttpContext context, WebSocketOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new WebSocketOptions();
        var (status, error, key) = WebSocketHandshake.Validate(context, options);
        if (error is not null)
        {
            if (status == 426)
            {
                context.Response.Headers["Sec-WebSocket-Version"] = "13";
            }

            await ProblemWriter.WriteAsync(context, status, error).ConfigureAwait(false);
            return null;
        }

        if (!context.IsUpgradeRequest())
        {
            await ProblemWriter.WriteAsync(context, 501, "This transport cannot upgrade connections; WebSockets need the BackEnd HTTP/1.1 server.").ConfigureAwait(false);
            return null;
        }

        var response = context.Response;
        response.Headers["Upgrade"] = "websocket";
        response.Headers["Sec-WebSocket-Accept"] = WebSocketHandshake.AcceptKey(key!);
        var subProtocol = WebSocketHandshake.ChooseSubProtocol(context.Request.Headers["Sec-WebSocket-Protocol"], options.SubProtocols);
        if (subProtocol is not null)
        {
            response.Headers["Sec-WebSocket-Protocol"] = subProtocol;
        }

        var stream = await context.UpgradeAsync(cancellationToken).ConfigureAwait(false);
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = subProtocol,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        return new MessageSizeLimitedWebSocket(socket, options.MaxMessageSize);
    }
}
