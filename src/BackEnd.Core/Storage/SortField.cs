namespace BackEnd.Storage;

/// <summary>One key of a <see cref="StorageQuery"/>'s order.</summary>
/// <param name="Field">The member name of the entity; unknown names are rejected.</param>
/// <param name="Descending">Whether larger values come first. Missing (null) values count as the smallest on every provider.</param>
public sealed record SortField(string Field, bool Descending = false);
