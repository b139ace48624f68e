namespace BackEnd.Realtime;

/// <summary>
/// Carries serialized events between the nodes of one application (PostgreSQL <c>LISTEN/NOTIFY</c>, Redis pub/sub), so an
/// <see cref="EventHub{T}"/> reaches subscribers on every node. Delivery is at most once; messages of one publisher arrive
/// in the order they were published; after a lost connection the implementation reconnects and subscribes again by itself.
/// </summary>
public interface IEventBackplane
{
    /// <summary>Gets the longest message, in UTF-16 code units, that <see cref="PublishAsync"/> accepts.</summary>
    int MaxMessageLength { get; }

    /// <summary>Sends a message to every subscriber of the channel, on every node (this one included).</summary>
    /// <param name="channel">The channel: 1–63 ASCII letters, digits, <c>_</c>, <c>.</c> or <c>-</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    Task PublishAsync(string channel, string message, CancellationToken cancellationToken = default);

    /// <summary>Starts receiving the channel's messages; returns at once even while the server is unreachable (it subscribes when it connects).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="onMessage">Called with each message, one at a time, in arrival order.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Disposing it ends the subscription.</returns>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Func<string, ValueTask> onMessage, CancellationToken cancellationToken = default);
}
