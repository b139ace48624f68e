namespace BackEnd.Realtime;

/// <summary>How WebSocket upgrades are accepted and the resulting sockets behave.</summary>
public sealed class WebSocketOptions
{
    /// <summary>
    /// Gets the origins (<c>https://example.com</c>) whose pages may open a socket; <c>*</c> allows any. Empty (the default) allows
    /// only the same origin as the request, so another site's page cannot ride a user's cookies. Requests without <c>Origin</c> (non-browser clients) are allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Gets the subprotocols the server speaks, in its order of preference; the first one the client also offers is chosen.</summary>
    public IList<string> SubProtocols { get; } = [];

    /// <summary>Gets or sets the interval of keep-alive pings; <see cref="TimeSpan.Zero"/> sends none.</summary>
    /// <value>Default: 30 s.</value>
    public TimeSpan KeepAliveInterval { get; set; } = RealtimeDefaults.KeepAliveInterval;

    /// <summary>Gets or sets how long to wait for the pong of a keep-alive ping before aborting; <see cref="Timeout.InfiniteTimeSpan"/> never does.</summary>
    /// <value>Default: infinite (pings are unsolicited pongs, as in the BCL).</value>
    public TimeSpan KeepAliveTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets or sets the largest message (all fragments together) a handler may receive; a bigger one closes the socket with 1009 (message too big).</summary>
    /// <value>Default: 1 MiB.</value>
    public int MaxMessageSize { get; set; } = RealtimeDefaults.MaxMessageSize;
}
