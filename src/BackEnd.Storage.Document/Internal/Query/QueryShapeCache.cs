using System.Collections.Concurrent;

namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// Remembers one value per predicate shape (the expression with its values abstracted), up to a fixed number of shapes: a process
/// that builds unbounded shapes (generated expressions) keeps translating them the slow way instead of growing the cache.
/// </summary>
/// <typeparam name="TKey">The shape's key.</typeparam>
/// <typeparam name="TValue">What is remembered for it.</typeparam>
internal sealed class QueryShapeCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    public const int DefaultCapacity = 512;

    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    public int Count => _entries.Count;

    public int Capacity => capacity;

    public bool TryGet(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    /// <summary>Looks a text key up by its characters, so a key built in a reused buffer needs no string (string keys only).</summary>
    public bool TryGet(ReadOnlySpan<char> key, out TValue value)
        => (_byChars ??= ((ConcurrentDictionary<string, TValue>)(object)_entries).GetAlternateLookup<ReadOnlySpan<char>>()).TryGetValue(key, out value!);

    private ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>>? _byChars;

    /// <summary>Remembers a value unless the cache is full (entries are never evicted: a full cache stays as it is).</summary>
    public void Add(TKey key, TValue value)
    {
        if (_entries.Count < capacity)
        {
            _entries.TryAdd(key, value);
        }
    }
}
