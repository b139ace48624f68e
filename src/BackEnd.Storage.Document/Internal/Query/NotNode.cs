namespace BackEnd.Storage.Document.Internal.Query;

internal sealed record NotNode(QueryNode Operand) : QueryNode;
