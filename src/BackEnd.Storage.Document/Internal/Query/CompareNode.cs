namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>A field compared with a scalar; a <see langword="null"/> value is allowed only with <see cref="CompareOperator.Equal"/> and <see cref="CompareOperator.NotEqual"/>.</summary>
/// <remarks>Ordering comparisons are lifted as in C#: false when the field is null.</remarks>
internal sealed record CompareNode(FieldPath Path, CompareOperator Operator, object? Value) : QueryNode;
