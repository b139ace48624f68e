using System.Globalization;

namespace BackEnd.Storage.KeyValue;

/// <summary>An <see cref="IKeyValueStore"/> in this process's memory: for tests and single-node apps whose data may be lost on restart.</summary>
/// <remarks>Time comes from the <see cref="TimeProvider"/>, so expiry is testable; expired keys are invisible at once and removed by a periodic sweep.</remarks>
public sealed class InMemoryKeyValueStore : IKeyValueStore, IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    /// <summary>Initializes an empty store.</summary>
    /// <param name="timeProvider">The clock; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    public InMemoryKeyValueStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _sweep = _time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Gets how often expired keys are removed.</summary>
    public static TimeSpan SweepInterval { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the number of keys held, expired ones not yet swept included (for tests of the sweep).</summary>
    public int StoredKeyCount
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        lock (_lock)
        {
            return ValueTask.FromResult(Live(key) is { } entry ? entry.Value ?? throw WrongKind(key, "a list") : null);
        }
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        lock (_lock)
        {
            _entries[key] = new Entry(value, null, ExpiresAt(timeToLive));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        lock (_lock)
        {
            var live = Live(key) is not null;
            _entries.Remove(key);
            return ValueTask.FromResult(live);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        lock (_lock)
        {
            var entry = Live(key);
            long current = 0;
            if (entry is not null)
            {
                var text = entry.Value ?? throw WrongKind(key, "a list");
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out current))
                {
                    throw new InvalidOperationException($"The key '{key}' holds text that is not an integer.");
                }
            }

            var next = checked(current + delta);
            _entries[key] = new Entry(next.ToString(CultureInfo.InvariantCulture), null, entry is null ? ExpiresAt(timeToLive) : entry.ExpiresAt);
            return ValueTask.FromResult(next);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompareAndSetAsync(string key, string? expected, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        lock (_lock)
        {
            var entry = Live(key);
            var current = entry is null ? null : entry.Value ?? throw WrongKind(key, "a list");
            if (!string.Equals(current, expected, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _entries[key] = new Entry(value, null, ExpiresAt(timeToLive));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> ListPushAsync(string key, string value, int maxLength, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckListLength(maxLength);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        lock (_lock)
        {
            var entry = Live(key);
            var items = entry is null ? [] : entry.Items ?? throw WrongKind(key, "text");
            var next = new List<string>(Math.Min(items.Count + 1, maxLength)) { value };
            next.AddRange(items.Take(maxLength - 1));
            _entries[key] = new Entry(null, next, ExpiresAt(timeToLive));
            return ValueTask.FromResult((long)next.Count);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListRangeAsync(string key, int count, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            var entry = Live(key);
            IReadOnlyList<string> items = entry is null ? [] : [.. (entry.Items ?? throw WrongKind(key, "text")).Take(count)];
            return ValueTask.FromResult(items);
        }
    }

    /// <summary>Stops the background sweep.</summary>
    public void Dispose() => _sweep.Dispose();

    /// <summary>Removes every expired key now (the timer does it every <see cref="SweepInterval"/>).</summary>
    /// <returns>How many keys were removed.</returns>
    public int Sweep()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var expired = _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList();
            foreach (var key in expired)
            {
                _entries.Remove(key);
            }

            return expired.Count;
        }
    }

    private static InvalidOperationException WrongKind(string key, string kind)
        => new($"The key '{key}' holds {kind}, so this operation does not apply to it.");

    private Entry? Live(string key)
        => _entries.TryGetValue(key, out var entry) && !(entry.ExpiresAt <= _time.GetUtcNow()) ? entry : null;

    private DateTimeOffset? ExpiresAt(TimeSpan? timeToLive) => timeToLive is { } ttl ? _time.GetUtcNow() + ttl : null;

    private sealed record Entry(string? Value, List<string>? Items, DateTimeOffset? ExpiresAt);
}
