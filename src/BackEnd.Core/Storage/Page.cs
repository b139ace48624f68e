namespace BackEnd.Storage;

/// <summary>One page of query results.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Items">The entities, in the query's order.</param>
/// <param name="NextCursor">An opaque cursor to pass as <see cref="StorageQuery.After"/> for the next page; <see langword="null"/> on the last page.</param>
/// <param name="TotalCount">The number of all matching entities when <see cref="StorageQuery.IncludeTotalCount"/> was set; otherwise <see langword="null"/>.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, long? TotalCount);
