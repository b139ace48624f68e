namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>What to read: a predicate, an order, and a page.</summary>
internal sealed record DocumentQuerySpec(QueryNode? Where, IReadOnlyList<OrderKey> Order, int Skip, int? Limit)
{
    public static DocumentQuerySpec All { get; } = new(null, [], 0, null);
}
