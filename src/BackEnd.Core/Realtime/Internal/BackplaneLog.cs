using Microsoft.Extensions.Logging;

namespace BackEnd.Realtime.Internal;

internal static partial class BackplaneLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning,
        Message = "The event hub of backplane channel {Channel} stays on this node: no IEventBackplane is registered (AddPostgresBackplane or AddRedisBackplane)")]
    public static partial void NoBackplane(ILogger logger, string channel);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning,
        Message = "Backplane channel {Channel}: {Capacity} events already wait to be sent, so this one reaches this node only")]
    public static partial void SendQueueFull(ILogger logger, string channel, int capacity);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Backplane channel {Channel}: sending failed; retrying in {DelayMilliseconds} ms")]
    public static partial void SendFailed(ILogger logger, string channel, double delayMilliseconds, Exception exception);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Backplane channel {Channel}: stopping with {Count} events unsent to the other nodes")]
    public static partial void SendAbandoned(ILogger logger, string channel, int count);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning,
        Message = "Backplane channel {Channel}: ignored a message of {Length} characters that no BackEnd node sent (not 1:{{node}}:{{sequence}}:{{event}})")]
    public static partial void MalformedMessage(ILogger logger, string channel, int length);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Warning,
        Message = "Backplane channel {Channel}: messages from node {Node} were lost between {Last} and {Sequence} (a reconnect or a full queue)")]
    public static partial void MessagesMissed(ILogger logger, string channel, Guid node, long last, long sequence);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Backplane channel {Channel}: event {Sequence} of node {Node} could not be deserialized and was dropped")]
    public static partial void UnreadableEvent(ILogger logger, string channel, Guid node, long sequence, Exception exception);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Error, Message = "Backplane channel {Channel}: the backplane refused an event, which reached this node only")]
    public static partial void MessageRefused(ILogger logger, string channel, Exception exception);
}
