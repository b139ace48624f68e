namespace BackEnd.Storage.Providers;

/// <summary>A filter whose field is a mapped member and whose value has the member's type. For storage providers.</summary>
/// <param name="Property">The member.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The value converted to the member's type, or <see langword="null"/>.</param>
public sealed record ResolvedFilter(EntityProperty Property, FilterOperator Operator, object? Value);
