using System.Collections.Concurrent;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Records that sessions and tokens resolved to lately (accounts; token records when <see cref="AuthOptions.TokenCacheDuration"/>
/// is set), kept for a while so a signed-in request costs fewer reads. The copies are shared: read, never changed.
/// </summary>
internal sealed class RecentCache<T>(TimeProvider time, TimeSpan duration, Func<T, string> keyOf)
    where T : class
{
    // Cleared whole beyond this: an attacker cycling through accounts must not grow memory, and a refill is one read each.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (T Item, DateTimeOffset Until)> _items = new(StringComparer.Ordinal);
    private int _stored;

    public bool Enabled => duration > TimeSpan.Zero;

    public T? Get(string key) =>
        Enabled && _items.TryGetValue(key, out var entry) && time.GetUtcNow() < entry.Until ? entry.Item : null;

    public void Set(T item)
    {
        if (!Enabled)
        {
            return;
        }

        // Count is costly on a ConcurrentDictionary (it takes every lock): checked once per 256 stores.
        if ((Interlocked.Increment(ref _stored) & 255) == 0 && _items.Count > MaxEntries)
        {
            _items.Clear();
        }

        _items[keyOf(item)] = (item, time.GetUtcNow() + duration);
    }

    public void Remove(string key) => _items.TryRemove(key, out _);

    /// <summary>Drops every copy <paramref name="match"/> selects (at most <c>MaxEntries</c> to look at).</summary>
    public void RemoveWhere(Func<T, bool> match)
    {
        if (!Enabled)
        {
            return;
        }

        foreach (var (key, entry) in _items)
        {
            if (match(entry.Item))
            {
                _items.TryRemove(key, out _);
            }
        }
    }
}
