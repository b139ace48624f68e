using Microsoft.Extensions.Logging;

namespace BackEnd.Server.Internal;

internal sealed partial class Http1Connection
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: bad request ({StatusCode}): {Reason}")]
        public static partial void BadRequest(ILogger logger, string connectionId, int statusCode, string reason);

        [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Connection {ConnectionId} failed: {Reason}")]
        public static partial void ConnectionFailed(ILogger logger, string connectionId, string reason);

        [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Connection {ConnectionId} aborted: {Reason}")]
        public static partial void ConnectionAborted(ILogger logger, string connectionId, string reason);

        [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed after the keep-alive timeout.")]
        public static partial void KeepAliveTimeout(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Connection {ConnectionId} did not send its request headers in time.")]
        public static partial void RequestHeadersTimeout(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Connection {ConnectionId} sent its request body below the minimum data rate.")]
        public static partial void MinDataRate(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Connection {ConnectionId} read its response below the minimum data rate.")]
        public static partial void MinResponseDataRate(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: the client closed the connection while its request was being handled.")]
        public static partial void ClientDisconnected(ILogger logger, string connectionId);

        [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Connection {ConnectionId}, request {TraceIdentifier}: the application failed.")]
        public static partial void ApplicationError(ILogger logger, string connectionId, string traceIdentifier, Exception exception);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: the response declared Content-Length {Declared} but {Written} bytes were written.")]
        public static partial void ContentLengthMismatch(ILogger logger, string connectionId, long declared, long written);
    }
}
