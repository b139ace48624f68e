namespace BackEnd.Storage.Document.Internal.Query;

internal sealed record AndNode(QueryNode Left, QueryNode Right) : QueryNode;
