using BackEnd.Storage.KeyValue;
using StackExchange.Redis;

namespace BackEnd.Storage.Document.Internal.KeyValue;

/// <summary>
/// Key/value with expiry on Redis through one shared multiplexer, connected without blocking and reconnecting by itself after an outage.
/// Multi-step operations are Lua scripts, so they are atomic; Redis expires keys itself (invisible at once, reclaimed by its own sweep).
/// </summary>
internal sealed class RedisKeyValueStore : IKeyValueStore, IAsyncDisposable
{
    private const string IncrementScript = """
        local existed = redis.call('EXISTS', KEYS[1])
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        if existed == 0 and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return value
        """;

    private const string CompareAndSetScript = """
        local current = redis.call('GET', KEYS[1])
        if ARGV[1] == '0' then
          if current then return 0 end
        elseif current ~= ARGV[2] then return 0 end
        if ARGV[4] ~= '' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
        return 1
        """;

    private const string PushScript = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
        return redis.call('LLEN', KEYS[1])
        """;

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisKeyValueStore(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        _connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    // Get and set are the hot calls: one state machine each, no closure, the database taken synchronously once connected.
    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        return GetCoreAsync(key);
    }

    public ValueTask SetAsync(string key, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        return SetCoreAsync(key, value, timeToLive);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        var db = await DatabaseAsync().ConfigureAwait(false);
        return await Call(key, () => db.KeyDeleteAsync(key)).ConfigureAwait(false);
    }

    public async ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var db = await DatabaseAsync().ConfigureAwait(false);
        var result = await Call(key, () => db.ScriptEvaluateAsync(IncrementScript, [key], [delta, Milliseconds(timeToLive)])).ConfigureAwait(false);
        return (long)result;
    }

    public async ValueTask<bool> CompareAndSetAsync(string key, string? expected, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var db = await DatabaseAsync().ConfigureAwait(false);
        var result = await Call(key, () => db.ScriptEvaluateAsync(
            CompareAndSetScript, [key], [expected is null ? "0" : "1", expected ?? "", value, Milliseconds(timeToLive)])).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async ValueTask<long> ListPushAsync(string key, string value, int maxLength, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckListLength(maxLength);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var db = await DatabaseAsync().ConfigureAwait(false);
        var result = await Call(key, () => db.ScriptEvaluateAsync(PushScript, [key], [value, maxLength, Milliseconds(timeToLive)])).ConfigureAwait(false);
        return (long)result;
    }

    public async ValueTask<IReadOnlyList<string>> ListRangeAsync(string key, int count, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        var db = await DatabaseAsync().ConfigureAwait(false);
        var values = await Call(key, () => db.ListRangeAsync(key, 0, count - 1)).ConfigureAwait(false);
        return [.. values.Select(v => (string)v!)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static RedisValue Milliseconds(TimeSpan? timeToLive)
        => timeToLive is { } ttl ? (long)Math.Ceiling(ttl.TotalMilliseconds) : RedisValue.EmptyString;

    private static async Task<T> Call<T>(string key, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(key, exception) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Translate(string key, Exception exception) => exception switch
    {
        RedisServerException e when e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal)
            => new InvalidOperationException($"The key '{key}' holds another kind of value, so this operation does not apply to it.", exception),
        RedisServerException e when e.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase)
            => new OverflowException($"The value of '{key}' would overflow.", exception),
        RedisServerException e when e.Message.Contains("not an integer", StringComparison.OrdinalIgnoreCase)
            => new InvalidOperationException($"The key '{key}' holds text that is not an integer.", exception),
        RedisConnectionException or RedisTimeoutException or ObjectDisposedException
            => new StorageUnavailableException("Redis cannot be reached; the operation may succeed when retried.", exception),
        _ => null,
    };

    private async ValueTask<string?> GetCoreAsync(string key)
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        try
        {
            return await db.StringGetAsync(key).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(key, exception) is { } translated)
        {
            throw translated;
        }
    }

    private async ValueTask SetCoreAsync(string key, string value, TimeSpan? timeToLive)
    {
        var db = await DatabaseAsync().ConfigureAwait(false);
        try
        {
            await db.StringSetAsync(key, value, timeToLive is { } ttl ? new Expiration(ttl) : Expiration.Default).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(key, exception) is { } translated)
        {
            throw translated;
        }
    }

    private ValueTask<IDatabase> DatabaseAsync()
        => _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully
            ? new ValueTask<IDatabase>(_connection.Value.Result.GetDatabase())
            : ConnectAsync();

    private async ValueTask<IDatabase> ConnectAsync()
    {
        try
        {
            return (await _connection.Value.ConfigureAwait(false)).GetDatabase();
        }
        catch (RedisConnectionException exception)
        {
            throw new StorageUnavailableException("Redis cannot be reached; the operation may succeed when retried.", exception);
        }
    }
}
