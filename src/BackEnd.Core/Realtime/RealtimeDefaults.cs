namespace BackEnd.Realtime;

/// <summary>The defaults of the live-content options, written once.</summary>
public static class RealtimeDefaults
{
    /// <summary>The interval of server-sent-event comment heartbeats on an idle stream: 15 s.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>The WebSocket keep-alive ping interval: 30 s.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>The largest WebSocket message a handler receives: 1 MiB.</summary>
    public const int MaxMessageSize = 1024 * 1024;

    /// <summary>The events an <see cref="EventHub{T}"/> subscriber may have queued: 256.</summary>
    public const int QueueCapacity = 256;
}
