using BackEnd.Realtime;

namespace BackEnd.Storage.Testing.Backplane;

/// <summary>One "node" of a backplane test: a started host whose <see cref="EventHub{T}"/> of strings is joined to the backplane, with one subscriber.</summary>
public sealed class BackplaneNode : IAsyncDisposable
{
    private readonly IAsyncDisposable _host;
    private readonly EventSubscription<string> _subscription;
    private readonly IAsyncEnumerator<string> _events;
    private Task<bool>? _pending;

    public BackplaneNode(EventHub<string> hub, IAsyncDisposable host)
    {
        ArgumentNullException.ThrowIfNull(hub);
        Hub = hub;
        _host = host;
        _subscription = hub.Subscribe();
        _events = _subscription.ReadAllAsync().GetAsyncEnumerator();
    }

    public EventHub<string> Hub { get; }

    /// <summary>The next event this node's subscriber receives, or a <see cref="TimeoutException"/> after the bounded wait.</summary>
    public async Task<string> NextAsync(TimeSpan? timeout = null)
    {
        // A read that timed out stays pending and is awaited by the next call: one enumerator allows one read at a time.
        _pending ??= _events.MoveNextAsync().AsTask();
        var next = _pending;
        if (await Task.WhenAny(next, Task.Delay(timeout ?? TimeSpan.FromSeconds(15))) != next)
        {
            throw new TimeoutException("No event arrived on this node within the wait.");
        }

        _pending = null;
        return await next ? _events.Current : throw new InvalidOperationException("The subscription ended: the hub dropped it.");
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await _host.DisposeAsync();
    }
}
