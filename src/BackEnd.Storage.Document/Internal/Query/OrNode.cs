namespace BackEnd.Storage.Document.Internal.Query;

internal sealed record OrNode(QueryNode Left, QueryNode Right) : QueryNode;
