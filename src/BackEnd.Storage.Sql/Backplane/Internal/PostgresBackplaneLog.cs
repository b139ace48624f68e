using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Sql.Backplane.Internal;

internal static partial class PostgresBackplaneLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "PostgreSQL backplane: the listening connection failed; reconnecting in {DelayMilliseconds} ms")]
    public static partial void ConnectionLost(ILogger logger, double delayMilliseconds, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "PostgreSQL backplane: reconnected and listening to {Count} channels again")]
    public static partial void Reconnected(ILogger logger, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "PostgreSQL backplane: not listening to {Channel} yet (the server is unreachable); events are received once it is")]
    public static partial void NotYetListening(ILogger logger, string channel);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "PostgreSQL backplane: ignored a notification of {Length} characters on {Channel} that no BackEnd node sent")]
    public static partial void Malformed(ILogger logger, string channel, int length);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "PostgreSQL backplane: message {Id} on {Channel} is no longer stored (older than 5 minutes) and was skipped")]
    public static partial void ReferenceMissing(ILogger logger, string channel, long id);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "PostgreSQL backplane: a subscriber of {Channel} failed on a message")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);
}
