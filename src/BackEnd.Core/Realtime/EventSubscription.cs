using System.Threading.Channels;

namespace BackEnd.Realtime;

/// <summary>One subscriber of an <see cref="EventHub{T}"/>: a bounded queue of the events published since it subscribed.</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class EventSubscription<T> : IDisposable
{
    private readonly EventHub<T> _hub;
    private readonly Channel<T> _queue;
    private long _skipped;
    private volatile bool _dropped;

    internal EventSubscription(EventHub<T> hub, EventHubOptions options)
    {
        _hub = hub;
        var channelOptions = new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = options.SlowSubscriberPolicy == SlowSubscriberPolicy.SkipOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _queue = Channel.CreateBounded<T>(channelOptions, _ => Interlocked.Increment(ref _skipped));
    }

    /// <summary>Gets a value indicating whether the hub dropped this subscriber because its queue was full.</summary>
    public bool WasDropped => _dropped;

    /// <summary>Gets how many events were discarded under <see cref="SlowSubscriberPolicy.SkipOldest"/>.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Reads the events as they are published; ends when the subscription is dropped or disposed.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => _queue.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Leaves the hub; events already queued can still be read.</summary>
    public void Dispose()
    {
        _hub.Remove(this);
        _queue.Writer.TryComplete();
    }

    /// <summary>Queues an event without ever waiting; a full queue drops the subscriber (or skips, by policy).</summary>
    internal bool TryDeliver(T item)
    {
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        if (!_dropped && !_queue.Reader.Completion.IsCompleted)
        {
            _dropped = true;
            _queue.Writer.TryComplete();
            _hub.Remove(this);
        }

        return false;
    }
}
