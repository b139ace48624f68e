namespace BackEnd.Storage.Document.Internal.Query;

internal sealed record ConstantNode(bool Value) : QueryNode;
