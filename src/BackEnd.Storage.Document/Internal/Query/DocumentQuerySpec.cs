namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>What to read: a predicate, an order, and a page.</summary>
internal sealed record DocumentQuerySpec(QueryNode? Where, IReadOnlyList<OrderKey> Order, int Skip, int? Limit)
{
    /// <summary>Gets the plan <see cref="Where"/> was made from, when it is one planned predicate (engines cache their text per plan).</summary>
    public QueryPlan? Plan { get; init; }

    public static DocumentQuerySpec All { get; } = new(null, [], 0, null);
}
