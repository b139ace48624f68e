namespace BackEnd.Realtime.Internal;

/// <summary>Receives what an <see cref="EventHub{T}"/> publishes, to send it to the other nodes.</summary>
/// <typeparam name="T">The event type.</typeparam>
internal interface IEventHubForwarder<in T>
{
    /// <summary>Queues the event for sending without waiting; throws <see cref="ArgumentException"/> when it is too large.</summary>
    void Forward(T item);
}
