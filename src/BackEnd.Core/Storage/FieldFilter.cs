namespace BackEnd.Storage;

/// <summary>One condition of a <see cref="StorageQuery"/>: a mapped field compared with a value.</summary>
/// <param name="Field">The member name of the entity (e.g. <c>nameof(User.Email)</c>); unknown names are rejected, never passed to the database.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The value; converted to the field's type, and always sent as a bound parameter.</param>
public sealed record FieldFilter(string Field, FilterOperator Operator, object? Value);
