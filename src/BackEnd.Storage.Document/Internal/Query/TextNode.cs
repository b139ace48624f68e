namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>A text field matched ordinally (or ordinal-ignore-case) against a literal: the value is data, never a pattern.</summary>
internal sealed record TextNode(FieldPath Path, TextOperator Operator, string Value, bool IgnoreCase) : QueryNode;
