using System.Linq.Expressions;
using BackEnd.Storage.Document.Internal.Query;

namespace BackEnd.Storage.Document.Internal;

internal sealed class DocumentQuery<T>(DocumentCollection<T> collection, QueryNode? where, IReadOnlyList<OrderKey> order, int skip, int? limit, QueryPlan? plan = null)
    : IDocumentQuery<T>
    where T : class
{
    public IDocumentQuery<T> Where(Expression<Func<T, bool>> predicate)
    {
        var node = collection.Translator.Translate(predicate, out var nodePlan);
        return where is null
            ? new DocumentQuery<T>(collection, node, order, skip, limit, nodePlan)
            : new DocumentQuery<T>(collection, new AndNode(where, node), order, skip, limit);
    }

    public IDocumentQuery<T> OrderBy<TKey>(Expression<Func<T, TKey>> key)
        => new DocumentQuery<T>(collection, where, [.. order, new OrderKey(collection.Translator.Field(key), false)], skip, limit, plan);

    public IDocumentQuery<T> OrderByDescending<TKey>(Expression<Func<T, TKey>> key)
        => new DocumentQuery<T>(collection, where, [.. order, new OrderKey(collection.Translator.Field(key), true)], skip, limit, plan);

    public IDocumentQuery<T> Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new DocumentQuery<T>(collection, where, order, count, limit, plan);
    }

    public IDocumentQuery<T> Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new DocumentQuery<T>(collection, where, order, skip, count, plan);
    }

    public Task<IReadOnlyList<T>> ToListAsync(CancellationToken cancellationToken = default)
        => collection.ListAsync(Spec(skip, limit), cancellationToken);

    public async Task<T?> FirstOrDefaultAsync(CancellationToken cancellationToken = default)
    {
        var found = await collection.ListAsync(Spec(skip, 1), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default)
        => collection.Engine.CountAsync(collection.Info, where, collection.Transaction, cancellationToken);

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
        => (await collection.Engine.FindAsync(collection.Info, Spec(0, 1), collection.Transaction, cancellationToken).ConfigureAwait(false)).Count > 0;

    private DocumentQuerySpec Spec(int offset, int? count) => new(where, order, offset, limit is { } l && count is { } c ? Math.Min(l, c) : count ?? limit)
    {
        Plan = plan,
    };
}
