namespace BackEnd.Storage;

/// <summary>Creates, reads, updates, deletes and queries entities of one type keyed by id, with optimistic concurrency.</summary>
/// <typeparam name="TEntity">The entity type; its key and version members are found by convention (<c>Id</c>, <c>Version</c>) or attributes.</typeparam>
/// <typeparam name="TKey">The key type: <see cref="long"/> or <see cref="int"/> (assigned by the store when zero), <see cref="Guid"/> (assigned when empty) or <see cref="string"/>.</typeparam>
/// <remarks>
/// Failures surface as <see cref="StorageException"/> subclasses: <see cref="EntityNotFoundException"/>,
/// <see cref="ConcurrencyConflictException"/>, <see cref="DuplicateKeyException"/>, <see cref="ConstraintViolationException"/>,
/// <see cref="StorageUnavailableException"/> and <see cref="InvalidQueryException"/>.
/// </remarks>
public interface IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    /// <summary>Reads the entity with the given key.</summary>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored entity, or <see langword="null"/> when none has this key.</returns>
    ValueTask<TEntity?> GetAsync(TKey id, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of the entities that match the query's filters, in the query's order.</summary>
    /// <param name="query">Filters, sort, paging; field names are checked against the entity's mapped members.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page, with a cursor to the next page when more entities match.</returns>
    ValueTask<Page<TEntity>> QueryAsync(StorageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts the entities that match the query's filters; its sort and paging are ignored.</summary>
    /// <param name="query">The filters; <see langword="null"/> counts every entity.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The number of matching entities.</returns>
    ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Stores a new entity.</summary>
    /// <param name="entity">The entity; a zero numeric key or an empty <see cref="Guid"/> is assigned by the store. It is not modified.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>A copy of the stored entity carrying its key and version 1.</returns>
    /// <exception cref="DuplicateKeyException">The key or a unique field is already taken.</exception>
    ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Replaces a stored entity if its stored version still equals the entity's version.</summary>
    /// <param name="entity">The entity carrying its key and the version it was read with. It is not modified.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A copy of the stored entity carrying its new version.</returns>
    /// <exception cref="ConcurrencyConflictException">Someone else changed the entity since it was read.</exception>
    /// <exception cref="EntityNotFoundException">No entity has this key.</exception>
    ValueTask<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored entity if its stored version still equals <paramref name="version"/>.</summary>
    /// <param name="id">The key.</param>
    /// <param name="version">The version the caller last read.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the entity is deleted.</returns>
    /// <exception cref="ConcurrencyConflictException">Someone else changed the entity since it was read.</exception>
    /// <exception cref="EntityNotFoundException">No entity has this key.</exception>
    ValueTask DeleteAsync(TKey id, long version, CancellationToken cancellationToken = default);
}
