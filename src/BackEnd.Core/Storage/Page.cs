using BackEnd.Storage.Internal;

namespace BackEnd.Storage;

/// <summary>One page of query results.</summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed record Page<T>
{
    // A provider's page seals its next cursor when NextCursor is first read: sealing (JSON, AES, HMAC) was a tenth of a
    // 100-row page's CPU, and callers that page by offset or read one page never ask for it.
    private DeferredCursor? _deferred;
    private string? _nextCursor;

    /// <summary>Creates a page.</summary>
    /// <param name="Items">The entities, in the query's order.</param>
    /// <param name="NextCursor">An opaque cursor to pass as <see cref="StorageQuery.After"/> for the next page; <see langword="null"/> on the last page.</param>
    /// <param name="TotalCount">The number of all matching entities when <see cref="StorageQuery.IncludeTotalCount"/> was set; otherwise <see langword="null"/>.</param>
    public Page(IReadOnlyList<T> Items, string? NextCursor, long? TotalCount)
    {
        this.Items = Items;
        _nextCursor = NextCursor;
        this.TotalCount = TotalCount;
    }

    internal Page(IReadOnlyList<T> items, DeferredCursor? next, long? totalCount)
    {
        Items = items;
        _deferred = next;
        TotalCount = totalCount;
    }

    /// <summary>Gets the entities, in the query's order.</summary>
    public IReadOnlyList<T> Items { get; init; }

    /// <summary>Gets an opaque cursor to pass as <see cref="StorageQuery.After"/> for the next page; <see langword="null"/> on the last page.</summary>
    public string? NextCursor
    {
        get
        {
            // Two threads reading it at once may each seal one: both cursors are valid and continue at the same place.
            if (_deferred is { } deferred)
            {
                _nextCursor = deferred.Seal();
                _deferred = null;
            }

            return _nextCursor;
        }

        init
        {
            _nextCursor = value;
            _deferred = null;
        }
    }

    /// <summary>Gets the number of all matching entities when <see cref="StorageQuery.IncludeTotalCount"/> was set; otherwise <see langword="null"/>.</summary>
    public long? TotalCount { get; init; }

    /// <summary>Deconstructs the page into its items, next cursor and total count.</summary>
    /// <param name="Items">The entities.</param>
    /// <param name="NextCursor">The next page's cursor, or <see langword="null"/>.</param>
    /// <param name="TotalCount">The total count, or <see langword="null"/>.</param>
    public void Deconstruct(out IReadOnlyList<T> Items, out string? NextCursor, out long? TotalCount)
    {
        Items = this.Items;
        NextCursor = this.NextCursor;
        TotalCount = this.TotalCount;
    }

    /// <inheritdoc/>
    public bool Equals(Page<T>? other) =>
        other is not null
        && EqualityComparer<IReadOnlyList<T>>.Default.Equals(Items, other.Items)
        && string.Equals(NextCursor, other.NextCursor, StringComparison.Ordinal)
        && TotalCount == other.TotalCount;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Items, NextCursor, TotalCount);
}
