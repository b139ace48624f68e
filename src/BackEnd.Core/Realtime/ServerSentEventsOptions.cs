namespace BackEnd.Realtime;

/// <summary>How a server-sent-events stream is written.</summary>
public sealed class ServerSentEventsOptions
{
    /// <summary>Gets or sets how long a stream may stay silent before a comment line is sent, so proxies do not cut it; <see cref="Timeout.InfiniteTimeSpan"/> sends none.</summary>
    /// <value>Default: 15 s.</value>
    public TimeSpan HeartbeatInterval { get; set; } = RealtimeDefaults.HeartbeatInterval;
}
