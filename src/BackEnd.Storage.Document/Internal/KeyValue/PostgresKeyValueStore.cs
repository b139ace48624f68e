using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.KeyValue;
using Npgsql;
using NpgsqlTypes;

namespace BackEnd.Storage.Document.Internal.KeyValue;

/// <summary>
/// Key/value with expiry in PostgreSQL (table <c>mt_kv(key, value text | items text[], expires_at UTC ticks)</c>), shared by every app
/// node that uses the database. Each operation is one statement, so increments, compare-and-set and list pushes are atomic; expiry is
/// judged by the <see cref="TimeProvider"/> (invisible at once) and expired rows are deleted by a periodic sweep.
/// </summary>
internal sealed class PostgresKeyValueStore : IKeyValueStore, IDisposable
{
    private const string Live = "(expires_at IS NULL OR expires_at > $2)";
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private readonly Lock _readyLock = new();
    private Task? _ready;

    public PostgresKeyValueStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _sweep = time.CreateTimer(_ => _ = SweepInBackgroundAsync(), null, InMemoryKeyValueStore.SweepInterval, InMemoryKeyValueStore.SweepInterval);
    }

    public Task<long> SweepAsync(CancellationToken cancellationToken)
        => Call("(sweep)", async connection =>
        {
            using var command = new NpgsqlCommand($"DELETE FROM {PostgresNames.KeyValue} WHERE expires_at <= $1", connection);
            command.Parameters.Add(Ticks(Now()));
            return (long)await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        return await Call(key, async connection =>
        {
            using var command = new NpgsqlCommand($"SELECT value, items IS NOT NULL FROM {PostgresNames.KeyValue} WHERE key = $1 AND {Live}", connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            var rows = await PostgresRows.ReadAsync(command, r => (Value: r.IsDBNull(0) ? null : r.GetString(0), IsList: r.GetBoolean(1)), cancellationToken)
                .ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0].IsList ? throw WrongKind(key, "a list") : rows[0].Value;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string key, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        await Call(key, async connection =>
        {
            using var command = new NpgsqlCommand(
                $"INSERT INTO {PostgresNames.KeyValue} (key, value, items, expires_at) VALUES ($1, $2, NULL, $3) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, items = NULL, expires_at = excluded.expires_at",
                connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Text(value));
            command.Parameters.Add(Ticks(Expiry(timeToLive)));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        return await Call(key, async connection =>
        {
            using var command = new NpgsqlCommand($"DELETE FROM {PostgresNames.KeyValue} WHERE key = $1 RETURNING {Live}", connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        return await Call(key, async connection =>
        {
            // An expired row counts as missing (new value, new expiry); a live one keeps its expiry; a live list updates nothing.
            using var command = new NpgsqlCommand(
                $"INSERT INTO {PostgresNames.KeyValue} AS k (key, value, items, expires_at) VALUES ($1, $3::text, NULL, $4) ON CONFLICT (key) DO UPDATE SET "
                + "value = CASE WHEN k.expires_at <= $2 THEN excluded.value ELSE (k.value::bigint + $3)::text END, items = NULL, "
                + "expires_at = CASE WHEN k.expires_at <= $2 THEN excluded.expires_at ELSE k.expires_at END "
                + "WHERE k.items IS NULL OR k.expires_at <= $2 RETURNING value",
                connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            command.Parameters.Add(new NpgsqlParameter { Value = delta, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(Ticks(Expiry(timeToLive)));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text
                ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                : throw WrongKind(key, "a list");
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> CompareAndSetAsync(string key, string? expected, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        return await Call(key, async connection =>
        {
            // Missing: insert, or take over an expired row. Present: a conditional update, which re-checks the value after waiting for a
            // concurrent writer's row lock, so exactly one of several writers wins.
            var sql = expected is null
                ? $"INSERT INTO {PostgresNames.KeyValue} AS k (key, value, items, expires_at) VALUES ($1, $3, NULL, $4) ON CONFLICT (key) DO UPDATE SET "
                    + "value = excluded.value, items = NULL, expires_at = excluded.expires_at WHERE k.expires_at <= $2"
                : $"UPDATE {PostgresNames.KeyValue} SET value = $3, items = NULL, expires_at = $4 WHERE key = $1 AND value = $5 AND {Live}";
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            command.Parameters.Add(Text(value));
            command.Parameters.Add(Ticks(Expiry(timeToLive)));
            if (expected is not null)
            {
                command.Parameters.Add(Text(expected));
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> ListPushAsync(string key, string value, int maxLength, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckListLength(maxLength);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        return await Call(key, async connection =>
        {
            using var command = new NpgsqlCommand(
                $"INSERT INTO {PostgresNames.KeyValue} AS k (key, value, items, expires_at) VALUES ($1, NULL, ARRAY[$3], $4) ON CONFLICT (key) DO UPDATE SET "
                + "items = CASE WHEN k.expires_at <= $2 THEN ARRAY[$3] ELSE (ARRAY[$3] || k.items)[1:$5] END, value = NULL, expires_at = excluded.expires_at "
                + "WHERE k.items IS NOT NULL OR k.expires_at <= $2 RETURNING cardinality(items)",
                connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            command.Parameters.Add(Text(value));
            command.Parameters.Add(Ticks(Expiry(timeToLive)));
            command.Parameters.Add(new NpgsqlParameter { Value = maxLength, NpgsqlDbType = NpgsqlDbType.Integer });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int length
                ? (long)length
                : throw WrongKind(key, "text");
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> ListRangeAsync(string key, int count, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return await Call<IReadOnlyList<string>>(key, async connection =>
        {
            using var command = new NpgsqlCommand($"SELECT items[1:$3], value IS NOT NULL FROM {PostgresNames.KeyValue} WHERE key = $1 AND {Live}", connection);
            command.Parameters.Add(Text(key));
            command.Parameters.Add(Ticks(Now()));
            command.Parameters.Add(new NpgsqlParameter { Value = count, NpgsqlDbType = NpgsqlDbType.Integer });
            var rows = await PostgresRows.ReadAsync(command, r => (Items: r.IsDBNull(0) ? [] : r.GetFieldValue<string[]>(0), IsText: r.GetBoolean(1)), cancellationToken)
                .ConfigureAwait(false);
            return rows.Count == 0 ? [] : rows[0].IsText ? throw WrongKind(key, "text") : rows[0].Items;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _sweep.Dispose();

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Ticks(long? ticks) => new() { Value = ticks is { } t ? t : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static InvalidOperationException WrongKind(string key, string kind)
        => new($"The key '{key}' holds {kind}, so this operation does not apply to it.");

    private long Now() => _time.GetUtcNow().UtcTicks;

    private long? Expiry(TimeSpan? timeToLive) => timeToLive is { } ttl ? (_time.GetUtcNow() + ttl).UtcTicks : null;

    private async Task SweepInBackgroundAsync()
    {
        try
        {
            await SweepAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // The server is away; the next tick sweeps, and expired keys stay invisible meanwhile.
        }
        catch (ObjectDisposedException)
        {
            // The store shut down between ticks.
        }
    }

    private Task ReadyAsync(CancellationToken cancellationToken)
    {
        lock (_readyLock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = CreateTableAsync(cancellationToken);
            }

            return _ready;
        }
    }

    private async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {PostgresNames.KeyValue} (key text COLLATE \"C\" PRIMARY KEY, value text, items text[], expires_at bigint); "
                + $"CREATE INDEX IF NOT EXISTS {PostgresNames.KeyValue}_expires_at ON {PostgresNames.KeyValue} (expires_at) WHERE expires_at IS NOT NULL",
                connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // Another node created it at the same moment.
            }
        }
    }

    private async Task<T> Call<T>(string key, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await ReadyAsync(cancellationToken).ConfigureAwait(false);
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidTextRepresentation)
        {
            throw new InvalidOperationException($"The key '{key}' holds text that is not an integer.", exception);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
        {
            throw new OverflowException($"The value of '{key}' would overflow.", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && PostgresErrors.Translate(exception) is { } translated)
        {
            if (PostgresErrors.IsOutage(exception))
            {
                _dataSource.Clear();
            }

            throw translated;
        }
    }
}
