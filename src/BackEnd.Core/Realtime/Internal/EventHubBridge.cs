using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Realtime.Internal;

/// <summary>
/// Joins one <see cref="EventHub{T}"/> to the backplane: local events are wrapped and sent in publishing order by one loop
/// (retrying while the server is away, within a bounded queue); remote ones are unwrapped and delivered to this node's
/// subscribers; this node's own events coming back are skipped, since they were delivered locally when published.
/// </summary>
internal sealed class EventHubBridge<T> : IHostedService, IEventHubForwarder<T>, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly EventHub<T> _hub;
    private readonly IEventBackplane? _backplane;
    private readonly EventHubBackplaneOptions<T> _options;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly int _maxEventLength;
    private readonly Guid _node = Guid.NewGuid();
    private readonly Channel<string> _outgoing;
    private readonly ConcurrentDictionary<Guid, long> _lastSequence = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sequenceLock = new();
    private long _sequence;
    private IAsyncDisposable? _subscription;
    private Task? _sender;

    public EventHubBridge(EventHub<T> hub, IEventBackplane? backplane, EventHubBackplaneOptions<T> options, ILogger logger)
    {
        _hub = hub;
        _backplane = backplane;
        _options = options;
        _logger = logger;
        _channel = options.Channel!;
        _maxEventLength = Math.Min(options.MaxEventLength, (backplane?.MaxMessageLength ?? int.MaxValue) - BackplaneEnvelope.MaxOverhead);
        _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_backplane is null)
        {
            BackplaneLog.NoBackplane(_logger, _channel);
            return;
        }

        _subscription = await _backplane.SubscribeAsync(_channel, ReceiveAsync, cancellationToken).ConfigureAwait(false);
        _sender = Task.Run(SendLoopAsync, CancellationToken.None);
        _hub.Forwarder = this;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_hub.Forwarder == this)
        {
            _hub.Forwarder = null;
        }

        // Events already published are still sent for a few seconds at most (less if the host allows less): a
        // backplane that is down must not hold up the stop for the host's whole shutdown timeout.
        _outgoing.Writer.TryComplete();
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.CancelAfter(StopTimeout);
        }

        if (_sender is not null)
        {
            await using (cancellationToken.Register(_stopping.Cancel).ConfigureAwait(false))
            {
                await _sender.ConfigureAwait(false);
            }
        }

        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
            _subscription = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Forward(T item)
    {
        var payload = _options.Serialize!(item);
        if (payload.Length > _maxEventLength)
        {
            throw new ArgumentException(
                $"The event for backplane channel '{_channel}' is {payload.Length} characters serialized; at most {_maxEventLength} fit. Publish a reference (an id the other nodes can load) instead of the whole content.",
                nameof(item));
        }

        lock (_sequenceLock)
        {
            // Sequence and queue order agree, so a receiver's gap check means loss, not reordering.
            if (!_outgoing.Writer.TryWrite(BackplaneEnvelope.Wrap(_node, _sequence + 1, payload)))
            {
                BackplaneLog.SendQueueFull(_logger, _channel, _options.SendQueueCapacity);
                return;
            }

            _sequence++;
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var delay = FirstRetryDelay;
            while (true)
            {
                try
                {
                    await _backplane!.PublishAsync(_channel, message, _stopping.Token).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    BackplaneLog.SendAbandoned(_logger, _channel, _outgoing.Reader.Count + 1);
                    return;
                }
                catch (ArgumentException exception)
                {
                    // The backplane refuses this message for good (its content): retrying would block the ones behind it.
                    BackplaneLog.MessageRefused(_logger, _channel, exception);
                    break;
                }
                catch (Exception exception)
                {
                    BackplaneLog.SendFailed(_logger, _channel, delay.TotalMilliseconds, exception);
                    try
                    {
                        await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        BackplaneLog.SendAbandoned(_logger, _channel, _outgoing.Reader.Count + 1);
                        return;
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetryDelay.Ticks));
                }
            }
        }
    }

    private ValueTask ReceiveAsync(string message)
    {
        if (!BackplaneEnvelope.TryUnwrap(message, out var node, out var sequence, out var payload))
        {
            BackplaneLog.MalformedMessage(_logger, _channel, message.Length);
            return ValueTask.CompletedTask;
        }

        if (node == _node)
        {
            return ValueTask.CompletedTask;
        }

        var last = _lastSequence.GetValueOrDefault(node);
        _lastSequence[node] = sequence;
        if (last != 0 && sequence != last + 1)
        {
            BackplaneLog.MessagesMissed(_logger, _channel, node, last, sequence);
        }

        T item;
        try
        {
            item = _options.Deserialize!(payload);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            BackplaneLog.UnreadableEvent(_logger, _channel, node, sequence, exception);
            return ValueTask.CompletedTask;
        }

        _hub.PublishLocal(item);
        return ValueTask.CompletedTask;
    }
}
