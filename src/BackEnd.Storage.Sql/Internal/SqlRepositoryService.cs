namespace BackEnd.Storage.Sql.Internal;

// Lets IRepository<TEntity, TKey> be injected; every call commits on its own.
internal sealed class SqlRepositoryService<TEntity, TKey>(SqlDatabase database) : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly SqlRepository<TEntity, TKey> _inner = new(database, database.Cursors);

    public ValueTask<TEntity?> GetAsync(TKey id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

    public ValueTask<Page<TEntity>> QueryAsync(StorageQuery query, CancellationToken cancellationToken = default)
        => _inner.QueryAsync(query, cancellationToken);

    public ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default)
        => _inner.CountAsync(query, cancellationToken);

    public ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
        => _inner.InsertAsync(entity, cancellationToken);

    public ValueTask<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
        => _inner.UpdateAsync(entity, cancellationToken);

    public ValueTask DeleteAsync(TKey id, long version, CancellationToken cancellationToken = default)
        => _inner.DeleteAsync(id, version, cancellationToken);
}
