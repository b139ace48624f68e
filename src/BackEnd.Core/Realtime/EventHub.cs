using BackEnd.Realtime.Internal;

namespace BackEnd.Realtime;

/// <summary>
/// Publish/subscribe within one process: handlers broadcast events to every current subscriber (an SSE stream or a WebSocket
/// per client). Publishing never waits: each subscriber has a bounded queue, and a slow one is dropped (or skips) without
/// holding up the others or growing memory. With a backplane (<c>AddEventHubBackplane</c>) events also reach the
/// subscribers on the other nodes.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class EventHub<T>
{
    private readonly EventHubOptions _options;
    private readonly Lock _lock = new();
    private EventSubscription<T>[] _subscribers = [];

    /// <summary>Initializes a hub.</summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public EventHub(EventHubOptions? options = null)
    {
        _options = options ?? new EventHubOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.QueueCapacity, 1, nameof(options));
    }

    /// <summary>Gets the number of current subscribers.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Starts receiving the events published from now on; dispose the subscription to leave.</summary>
    /// <returns>The subscription.</returns>
    public EventSubscription<T> Subscribe()
    {
        var subscription = new EventSubscription<T>(this, _options);
        lock (_lock)
        {
            // Copy on write: publishing reads a snapshot without taking the lock.
            Volatile.Write(ref _subscribers, [.. _subscribers, subscription]);
        }

        return subscription;
    }

    /// <summary>The backplane bridge, when one is configured: it sends local events to the other nodes.</summary>
    internal IEventHubForwarder<T>? Forwarder { get; set; }

    /// <summary>Queues the event for every current subscriber without waiting for any of them (and for the other nodes, with a backplane).</summary>
    /// <param name="item">The event.</param>
    /// <returns>How many subscribers of this node it was queued for.</returns>
    /// <exception cref="ArgumentException">With a backplane: the serialized event exceeds its size limit; nobody received it.</exception>
    public int Publish(T item)
    {
        // Forwarded first: an event the backplane refuses (too large) then reaches no one rather than only this node.
        Forwarder?.Forward(item);
        return PublishLocal(item);
    }

    /// <summary>Queues an event for this node's subscribers only: the backplane's delivery of another node's event.</summary>
    internal int PublishLocal(T item)
    {
        var delivered = 0;
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.TryDeliver(item))
            {
                delivered++;
            }
        }

        return delivered;
    }

    internal void Remove(EventSubscription<T> subscription)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_subscribers, subscription);
            if (index >= 0)
            {
                Volatile.Write(ref _subscribers, [.. _subscribers.AsSpan(0, index), .. _subscribers.AsSpan(index + 1)]);
            }
        }
    }
}
