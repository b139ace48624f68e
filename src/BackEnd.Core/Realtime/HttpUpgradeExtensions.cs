using BackEnd.Http;
using BackEnd.Server.Internal;

namespace BackEnd.Realtime;

/// <summary>Connection upgrade (RFC 9110 §7.8) for any protocol that switches away from HTTP/1.1, such as WebSockets.</summary>
public static class HttpUpgradeExtensions
{
    /// <summary>Returns whether the request asks to upgrade (<c>Connection: upgrade</c> and <c>Upgrade</c>) and its connection can still switch.</summary>
    /// <param name="context">The request context.</param>
    /// <returns><see langword="true"/> when <see cref="UpgradeAsync"/> may be called.</returns>
    public static bool IsUpgradeRequest(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection is ServerConnectionInfo { Connection.IsUpgradableRequest: true };
    }

    /// <summary>
    /// Sends <c>101 Switching Protocols</c> with the response headers set so far (set <c>Upgrade</c> and the protocol's own
    /// headers first) and returns the connection as a duplex stream, TLS included. The connection closes when the handler returns.
    /// </summary>
    /// <param name="context">The request context.</param>
    /// <param name="cancellationToken">Cancels sending the 101.</param>
    /// <returns>The raw connection.</returns>
    /// <exception cref="InvalidOperationException">The request is not an upgrade request, or the transport (such as the in-memory test host) cannot upgrade.</exception>
    public static Task<Stream> UpgradeAsync(this HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection is not ServerConnectionInfo { Connection: { } connection })
        {
            throw new InvalidOperationException("This transport cannot upgrade connections; upgrades need the BackEnd HTTP/1.1 server.");
        }

        return connection.UpgradeAsync(cancellationToken);
    }
}
