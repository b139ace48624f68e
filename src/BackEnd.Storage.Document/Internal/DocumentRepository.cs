using System.Diagnostics.CodeAnalysis;
using BackEnd.Storage.Document.Internal.Query;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Core's repository over a document collection named after the entity's table, with the stored version as the concurrency token.</summary>
internal sealed class DocumentRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>
    : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly EntityDescriptor _descriptor;
    private readonly DocumentCollection<TEntity> _collection;

    public DocumentRepository(DocumentStore store, IEngineTransaction? transaction)
    {
        _descriptor = EntityDescriptor.For<TEntity>();
        if (_descriptor.Key.Type != typeof(TKey))
        {
            throw new InvalidOperationException($"The key of {typeof(TEntity).Name} is a {_descriptor.Key.Type.Name}, not a {typeof(TKey).Name}.");
        }

        _collection = new DocumentCollection<TEntity>(store, DocumentCollection<TEntity>.CheckName(_descriptor.TableName), transaction);
    }

    private DocumentMapper Mapper => _collection.Mapper;

    public async ValueTask<TEntity?> GetAsync(TKey id, CancellationToken cancellationToken = default)
        => await _collection.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Page<TEntity>> QueryAsync(StorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var resolved = ResolvedQuery.Resolve(_descriptor, query);
        var where = Where(resolved);
        if (resolved.After is { } after)
        {
            var keyset = Keyset(resolved, after);
            where = where is null ? keyset : new AndNode(where, keyset);
        }

        var order = resolved.Sort.Select(s => new OrderKey(PathOf(s.Property), s.Descending)).ToList();
        var spec = new DocumentQuerySpec(where, order, resolved.Offset, resolved.Limit + 1);
        var rows = await _collection.Engine.FindAsync(_collection.Info, spec, _collection.Transaction, cancellationToken).ConfigureAwait(false);
        long? total = resolved.IncludeTotalCount
            ? await _collection.Engine.CountAsync(_collection.Info, Where(resolved), _collection.Transaction, cancellationToken).ConfigureAwait(false)
            : null;
        return resolved.CreatePage(rows.Select(_collection.Read).ToList(), total);
    }

    public ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default)
        => new(_collection.Engine.CountAsync(_collection.Info, Where(ResolvedQuery.Resolve(_descriptor, query)), _collection.Transaction, cancellationToken));

    public async ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var copy = (TEntity)_descriptor.Clone(entity);
        await _collection.InsertAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy;
    }

    public async ValueTask<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var copy = (TEntity)_descriptor.Clone(entity);
        if (!await _collection.UpdateAsync(copy, cancellationToken).ConfigureAwait(false))
        {
            throw new EntityNotFoundException($"No {typeof(TEntity).Name} has the key '{DocumentIds.ToText(Mapper.GetId(copy)!)}'.");
        }

        return copy;
    }

    public async ValueTask DeleteAsync(TKey id, long version, CancellationToken cancellationToken = default)
    {
        var outcome = await _collection.Engine.DeleteAsync(_collection.Info, id, version, _collection.Transaction, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case WriteOutcome.NotFound:
                throw new EntityNotFoundException($"No {typeof(TEntity).Name} has the key '{DocumentIds.ToText(id)}'.");
            case WriteOutcome.Conflict:
                throw new ConcurrencyConflictException($"The {typeof(TEntity).Name} '{DocumentIds.ToText(id)}' was changed since version {version}.");
        }
    }

    private FieldPath PathOf(EntityProperty property)
        => new([Mapper.JsonName(property.Property)], DocumentMapper.KindOf(property.Type), property.Name);

    private QueryNode? Where(ResolvedQuery resolved)
    {
        QueryNode? where = null;
        foreach (var filter in resolved.Filters)
        {
            var path = PathOf(filter.Property);
            var value = Mapper.ToScalar(filter.Value, filter.Property.Type);
            QueryNode node = filter.Operator switch
            {
                FilterOperator.EqualIgnoreCase when value is string text => new TextNode(path, TextOperator.Equals, text, IgnoreCase: true),
                FilterOperator.EqualIgnoreCase or FilterOperator.Equal => new CompareNode(path, CompareOperator.Equal, value),
                FilterOperator.NotEqual => new CompareNode(path, CompareOperator.NotEqual, value),
                FilterOperator.LessThan => new CompareNode(path, CompareOperator.LessThan, value),
                FilterOperator.LessThanOrEqual => new CompareNode(path, CompareOperator.LessThanOrEqual, value),
                FilterOperator.GreaterThan => new CompareNode(path, CompareOperator.GreaterThan, value),
                _ => new CompareNode(path, CompareOperator.GreaterThanOrEqual, value),
            };
            where = where is null ? node : new AndNode(where, node);
        }

        return where;
    }

    /// <summary>Rows after the cursor in the query's order, with nulls as the smallest value.</summary>
    private QueryNode Keyset(ResolvedQuery resolved, IReadOnlyList<object?> after)
    {
        QueryNode? result = null;
        QueryNode? equalSoFar = null;
        for (var i = 0; i < resolved.Sort.Count; i++)
        {
            var sort = resolved.Sort[i];
            var path = PathOf(sort.Property);
            var value = Mapper.ToScalar(after[i], sort.Property.Type);
            QueryNode beyond = (sort.Descending, value) switch
            {
                (false, null) => new CompareNode(path, CompareOperator.NotEqual, null),
                (false, _) => new CompareNode(path, CompareOperator.GreaterThan, value),
                (true, null) => new ConstantNode(false),
                (true, _) => new OrNode(new CompareNode(path, CompareOperator.LessThan, value), new CompareNode(path, CompareOperator.Equal, null)),
            };
            var step = equalSoFar is null ? beyond : new AndNode(equalSoFar, beyond);
            result = result is null ? step : new OrNode(result, step);
            QueryNode equal = new CompareNode(path, CompareOperator.Equal, value);
            equalSoFar = equalSoFar is null ? equal : new AndNode(equalSoFar, equal);
        }

        return result ?? new ConstantNode(true);
    }
}
