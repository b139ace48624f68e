namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>An array field has an element matching <see cref="Element"/> (any element when null); element paths are relative to the element.</summary>
internal sealed record AnyNode(FieldPath Path, QueryNode? Element) : QueryNode;
