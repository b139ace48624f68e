namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>An array field holds a scalar equal to <see cref="Value"/>.</summary>
internal sealed record ArrayContainsNode(FieldPath Path, object? Value) : QueryNode;
