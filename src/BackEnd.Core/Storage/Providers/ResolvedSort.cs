namespace BackEnd.Storage.Providers;

/// <summary>A sort key whose field is a mapped member. For storage providers.</summary>
/// <param name="Property">The member.</param>
/// <param name="Descending">Whether larger values come first; <see langword="null"/> is the smallest value.</param>
public sealed record ResolvedSort(EntityProperty Property, bool Descending);
