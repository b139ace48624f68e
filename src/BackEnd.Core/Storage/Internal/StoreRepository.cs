using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage.Internal;

// Lets IRepository<TEntity, TKey> be injected directly, whichever provider registered the IEntityStore.
internal sealed class StoreRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>(IEntityStore store) : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly IRepository<TEntity, TKey> _inner = store.GetRepository<TEntity, TKey>();

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
