using BackEnd.Http;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Realtime.Internal;

/// <summary>When a long-lived exchange must end: the client left, the server began to stop, or the host is stopping.</summary>
internal static class RealtimeLifetime
{
    public static CancellationTokenSource CreateLinkedSource(HttpContext context, bool includeRequestAborted = true)
    {
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var serverStopping = context.Connection is ServerConnectionInfo { Connection: { } connection } ? connection.ShutdownToken : CancellationToken.None;
        return includeRequestAborted
            ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, serverStopping)
            : CancellationTokenSource.CreateLinkedTokenSource(stopping, serverStopping);
    }
}
