using Microsoft.Extensions.Logging;

namespace BackEnd.Server.Internal;

internal sealed partial class BackEndServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Now listening on: {Address}")]
        public static partial void Listening(ILogger logger, string address);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Stopping: waiting for {Count} connections to finish.")]
        public static partial void Stopping(ILogger logger, int count);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Shutdown timeout elapsed: aborting {Count} connections.")]
        public static partial void ShutdownTimeout(ILogger logger, int count);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Accept failed: {Error}")]
        public static partial void AcceptFailed(ILogger logger, System.Net.Sockets.SocketError error);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Connection refused: the limit of {Max} concurrent connections is reached.")]
        public static partial void ConnectionRejected(ILogger logger, long max);

        [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Connection {ConnectionId} error: {Reason}")]
        public static partial void ConnectionError(ILogger logger, long connectionId, string reason);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: TLS handshake failed: {Reason}")]
        public static partial void TlsHandshakeFailed(ILogger logger, long connectionId, string reason);

        [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Not listening on the IPv6 loopback for {Url}: {Reason}")]
        public static partial void LoopbackTwinSkipped(ILogger logger, string url, string reason);
    }
}
