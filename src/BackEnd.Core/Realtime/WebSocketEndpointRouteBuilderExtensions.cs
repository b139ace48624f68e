using System.Net.WebSockets;
using BackEnd.Http;
using BackEnd.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Routing;

/// <summary>Maps WebSocket endpoints.</summary>
public static class WebSocketEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a WebSocket endpoint: the handshake is validated (bad ones get a problem), then <paramref name="handler"/> runs with the
    /// socket and a token cancelled when the client leaves or the host stops. When the host stops the socket is closed with 1001
    /// (going away); when the handler returns an open socket is closed normally.
    /// </summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">Talks over the socket.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (same-origin only).</param>
    /// <returns>The route, for conventions.</returns>
    public static RouteHandlerBuilder MapWebSocket(this IEndpointRouteBuilder routes, string pattern, Func<WebSocket, HttpContext, CancellationToken, Task> handler, WebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new WebSocketOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageSize, 1, nameof(options));
        return routes.MapGet(pattern, (RequestDelegate)(context => RunAsync(context, handler, options)));
    }

    private static async ValueTask RunAsync(HttpContext context, Func<WebSocket, HttpContext, CancellationToken, Task> handler, WebSocketOptions options)
    {
        using var socket = await context.AcceptWebSocketAsync(options, context.RequestAborted).ConfigureAwait(false);
        if (socket is null)
        {
            return;
        }

        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var onStop = stopping.Register(static state => _ = CloseQuietlyAsync((WebSocket)state!, WebSocketCloseStatus.EndpointUnavailable, "Server shutting down"), socket);
        try
        {
            await handler(socket, context, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // The peer vanished, broke the protocol or the host stopped: the socket is finished either way.
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, null).ConfigureAwait(false);
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string? description)
    {
        try
        {
            await socket.CloseOutputAsync(status, description, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            socket.Abort();
        }
    }
}
