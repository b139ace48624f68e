using System.Collections.Concurrent;
using System.Text;
using BackEnd.Realtime;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BackEnd.Storage.Sql.Backplane.Internal;

/// <summary>
/// <c>LISTEN/NOTIFY</c> with one listening connection, kept open by a loop that reconnects with back-off and listens to
/// every subscribed channel again. A notification payload is <c>m</c> + the message, or <c>r</c> + the id of a row of
/// <c>backend_backplane_messages</c> holding a message too large for NOTIFY's 8,000-byte limit; the row is inserted and
/// notified in one statement, so the notification arrives only after the row is visible, and in publishing order.
/// </summary>
internal sealed class PostgresBackplane : IEventBackplane, IAsyncDisposable
{
    // NOTIFY refuses payloads of 8,000 bytes or more; one byte goes to the kind prefix.
    internal const int MaxInlineBytes = 7_998;
    private const string Table = "backend_backplane_messages";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SubscribeWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Subscriptions> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Channel, TaskCompletionSource Listening)> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private bool _tableEnsured;
    private Task? _listener;

    public PostgresBackplane(string connectionString, ILogger logger)
    {
        // The listener's connection stays open for the process's life; keepalives notice a peer that vanished silently.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15 };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    public int MaxMessageLength => 1024 * 1024;

    public async Task PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        EventBackplaneChannel.ThrowIfInvalid(channel);
        if (message.Length > MaxMessageLength)
        {
            throw new ArgumentException($"The backplane message is {message.Length} characters; the PostgreSQL backplane carries at most {MaxMessageLength}.", nameof(message));
        }

        // PostgreSQL text holds no NUL character; failing here drops the message instead of retrying it forever.
        if (message.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The backplane message contains a NUL character, which PostgreSQL text cannot hold; escape it in the serialized event.", nameof(message));
        }

        var bytes = StrictUtf8.GetByteCount(message);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        if (bytes <= MaxInlineBytes)
        {
            using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", channel);
            notify.Parameters.AddWithValue("payload", "m" + message);
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
        using var byReference = new NpgsqlCommand(
            $"""
            WITH stored AS (INSERT INTO {Table} (channel, payload) VALUES (@channel, @payload) RETURNING id)
            SELECT pg_notify(@channel, 'r' || id) FROM stored;
            DELETE FROM {Table} WHERE created_at < now() - interval '5 minutes';
            """,
            connection);
        byReference.Parameters.AddWithValue("channel", channel);
        byReference.Parameters.AddWithValue("payload", message);
        await byReference.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Func<string, ValueTask> onMessage, CancellationToken cancellationToken = default)
    {
        EventBackplaneChannel.ThrowIfInvalid(channel);
        ArgumentNullException.ThrowIfNull(onMessage);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var subscriptions = _channels.GetOrAdd(channel, _ => new Subscriptions());
        var subscription = new Subscription(this, channel, onMessage);
        subscriptions.Add(subscription);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue((channel, listening));
        lock (_startLock)
        {
            _listener ??= Task.Run(ListenLoopAsync, CancellationToken.None);
        }

        // Wait a little for LISTEN, so an event published right after this returns is received; an unreachable server
        // does not hold up the start, the loop listens once it connects.
        try
        {
            await listening.Task.WaitAsync(SubscribeWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            PostgresBackplaneLog.NotYetListening(_logger, channel);
        }

        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private async Task ListenLoopAsync()
    {
        var token = _stopping.Token;
        var delay = TimeSpan.FromMilliseconds(100);
        var connectedBefore = false;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var connectionScope = connection.ConfigureAwait(false);
                var received = new List<NpgsqlNotificationEventArgs>();
                connection.Notification += (_, e) => received.Add(e);
                var listened = new HashSet<string>(StringComparer.Ordinal);

                // The pending queue is drained first, so a subscriber waiting on it is released only once its channel is listened.
                var waiting = DrainPending();
                foreach (var channel in _channels.Keys)
                {
                    await ListenAsync(connection, channel, listened, token).ConfigureAwait(false);
                }

                waiting.ForEach(w => w.Listening.TrySetResult());
                if (connectedBefore)
                {
                    PostgresBackplaneLog.Reconnected(_logger, listened.Count);
                }

                connectedBefore = true;
                delay = TimeSpan.FromMilliseconds(100);
                var idleSince = Environment.TickCount64;
                while (!token.IsCancellationRequested)
                {
                    foreach (var (channel, listening) in DrainPending())
                    {
                        await ListenAsync(connection, channel, listened, token).ConfigureAwait(false);
                        listening.TrySetResult();
                    }

                    // Notifications also arrive during LISTEN, the keep-alive and the loads of large messages: the list
                    // collects them in arrival order, whichever call read them.
                    var notified = await connection.WaitAsync(PollInterval, token).ConfigureAwait(false);
                    if (received.Count > 0)
                    {
                        idleSince = Environment.TickCount64;
                        var batch = received.ToArray();
                        received.Clear();
                        foreach (var notification in batch)
                        {
                            await DispatchAsync(connection, notification, token).ConfigureAwait(false);
                        }
                    }
                    else if (!notified && Environment.TickCount64 - idleSince > KeepAliveInterval.TotalMilliseconds)
                    {
                        // A round trip proves the connection alive; a dead one throws, and the outer loop reconnects.
                        using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(token).ConfigureAwait(false);
                        idleSince = Environment.TickCount64;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                PostgresBackplaneLog.ConnectionLost(_logger, delay.TotalMilliseconds, exception);
                try
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetryDelay.Ticks));
            }
        }
    }

    private List<(string Channel, TaskCompletionSource Listening)> DrainPending()
    {
        var drained = new List<(string, TaskCompletionSource)>();
        while (_pending.TryDequeue(out var item))
        {
            drained.Add(item);
        }

        return drained;
    }

    private static async Task ListenAsync(NpgsqlConnection connection, string channel, HashSet<string> listened, CancellationToken token)
    {
        if (listened.Add(channel))
        {
            // The channel was validated to plain characters, so quoting it is enough.
            using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
            await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(NpgsqlConnection connection, NpgsqlNotificationEventArgs notification, CancellationToken token)
    {
        if (!_channels.TryGetValue(notification.Channel, out var subscriptions))
        {
            return;
        }

        var payload = notification.Payload;
        string? message = null;
        if (payload.StartsWith('m'))
        {
            message = payload[1..];
        }
        else if (payload.StartsWith('r') && long.TryParse(payload.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            using var load = new NpgsqlCommand($"SELECT payload FROM {Table} WHERE id = @id AND channel = @channel", connection);
            load.Parameters.AddWithValue("id", id);
            load.Parameters.AddWithValue("channel", notification.Channel);
            message = await load.ExecuteScalarAsync(token).ConfigureAwait(false) as string;
            if (message is null)
            {
                PostgresBackplaneLog.ReferenceMissing(_logger, notification.Channel, id);
                return;
            }
        }

        if (message is null)
        {
            PostgresBackplaneLog.Malformed(_logger, notification.Channel, payload.Length);
            return;
        }

        foreach (var subscription in subscriptions.Snapshot)
        {
            try
            {
                await subscription.OnMessage(message).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                PostgresBackplaneLog.HandlerFailed(_logger, notification.Channel, exception);
            }
        }
    }

    private async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableEnsured))
        {
            return;
        }

        using var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, channel text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
            connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another node created it at the same moment: IF NOT EXISTS does not cover that race.
        }

        Volatile.Write(ref _tableEnsured, true);
    }

    private sealed class Subscriptions
    {
        private readonly Lock _lock = new();

        public Subscription[] Snapshot { get; private set; } = [];

        public void Add(Subscription subscription)
        {
            lock (_lock)
            {
                Snapshot = [.. Snapshot, subscription];
            }
        }

        public void Remove(Subscription subscription)
        {
            lock (_lock)
            {
                Snapshot = [.. Snapshot.Where(s => s != subscription)];
            }
        }
    }

    private sealed class Subscription(PostgresBackplane owner, string channel, Func<string, ValueTask> onMessage) : IAsyncDisposable
    {
        public Func<string, ValueTask> OnMessage => onMessage;

        // The channel stays listened: a notification nobody handles costs nothing, and UNLISTEN would race the loop.
        public ValueTask DisposeAsync()
        {
            if (owner._channels.TryGetValue(channel, out var subscriptions))
            {
                subscriptions.Remove(this);
            }

            return ValueTask.CompletedTask;
        }
    }
}
