using BackEnd.Realtime;
using StackExchange.Redis;

namespace BackEnd.Storage.Document.Backplane.Internal;

/// <summary>
/// Redis pub/sub. The multiplexer reconnects and resubscribes by itself; each subscription reads its own message queue,
/// so one subscriber's messages are handled one at a time in the order Redis delivered them.
/// </summary>
internal sealed class RedisBackplane : IEventBackplane, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisBackplane(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);

        // Start even while Redis is away; the multiplexer keeps trying.
        options.AbortOnConnectFail = false;
        _connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    public int MaxMessageLength => 1024 * 1024;

    public async Task PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        EventBackplaneChannel.ThrowIfInvalid(channel);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length > MaxMessageLength)
        {
            throw new ArgumentException($"The backplane message is {message.Length} characters; the Redis backplane carries at most {MaxMessageLength}.", nameof(message));
        }

        var connection = await _connection.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        await connection.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Func<string, ValueTask> onMessage, CancellationToken cancellationToken = default)
    {
        EventBackplaneChannel.ThrowIfInvalid(channel);
        ArgumentNullException.ThrowIfNull(onMessage);
        var connection = await _connection.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var queue = await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).WaitAsync(cancellationToken).ConfigureAwait(false);
        queue.OnMessage(message => message.Message.IsNull ? ValueTask.CompletedTask.AsTask() : onMessage(message.Message.ToString()).AsTask());
        return new Subscription(queue);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
