using System.Collections.Concurrent;

namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// Remembers one value per predicate shape (the expression with its values abstracted), up to a fixed number of shapes: a process
/// that builds unbounded shapes (generated expressions) keeps translating them the slow way instead of growing the cache.
/// </summary>
/// <typeparam name="TKey">The shape's key.</typeparam>
/// <typeparam name="TValue">What is remembered for it.</typeparam>
internal sealed class QueryShapeCache<TKey, TValue>
    where TKey : notnull
{
    public const int DefaultCapacity = 512;

    private readonly ConcurrentDictionary<TKey, TValue> _entries;

    // Set once, in the constructor: a lookup struct written lazily could be seen half-written by another thread.
    private readonly ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>>? _byChars;

    /// <param name="capacity">The most shapes remembered.</param>
    /// <param name="comparer">How keys compare.</param>
    /// <param name="searchByCharacters">For string keys compared ordinally: also look keys up by their characters (<see cref="TryGet(ReadOnlySpan{char}, out TValue)"/>).</param>
    public QueryShapeCache(int capacity, IEqualityComparer<TKey>? comparer = null, bool searchByCharacters = false)
    {
        Capacity = capacity;
        _entries = new(comparer);
        if (searchByCharacters)
        {
            _byChars = ((ConcurrentDictionary<string, TValue>)(object)_entries).GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    public int Count => _entries.Count;

    public int Capacity { get; }

    public bool TryGet(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    /// <summary>Looks a text key up by its characters, so a key built in a reused buffer needs no string (string keys only).</summary>
    public bool TryGet(ReadOnlySpan<char> key, out TValue value)
        => (_byChars ?? throw new InvalidOperationException("Only a cache with string keys and an ordinal comparer is searched by characters.")).TryGetValue(key, out value!);

    /// <summary>Remembers a value unless the cache is full (entries are never evicted: a full cache stays as it is).</summary>
    public void Add(TKey key, TValue value)
    {
        if (_entries.Count < Capacity)
        {
            _entries.TryAdd(key, value);
        }
    }
}
