namespace BackEnd.Storage.Sql;

/// <summary>Operations of repositories obtained from <see cref="ISqlDatabase"/> or <see cref="ISqlTransaction"/>.</summary>
public static class SqlRepositoryExtensions
{
    /// <summary>Inserts the entity, or replaces the stored one with the same key, in one statement.</summary>
    /// <remarks>
    /// <para>No version check: the last writer wins. A new row gets version 1, a replaced one its stored version + 1.
    /// An entity whose key the store assigns (a zero identity key, an empty <see cref="Guid"/>) is inserted.</para>
    /// <para>The statement is <c>INSERT … ON CONFLICT (key) DO UPDATE</c> on SQLite and PostgreSQL and
    /// <c>INSERT … ON DUPLICATE KEY UPDATE</c> on MySQL/MariaDB. A value that another row already holds in a unique
    /// column is a <see cref="DuplicateKeyException"/> on every engine, never an update of that other row.</para>
    /// </remarks>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="repository">A repository of the SQL store.</param>
    /// <param name="entity">The entity carrying its key. It is not modified.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>A copy of the stored entity carrying its new version.</returns>
    /// <exception cref="NotSupportedException">The repository is not one of the SQL store.</exception>
    /// <exception cref="DuplicateKeyException">A unique column other than the key already holds one of the values.</exception>
    public static ValueTask<TEntity> UpsertAsync<TEntity, TKey>(this IRepository<TEntity, TKey> repository, TEntity entity, CancellationToken cancellationToken = default)
        where TEntity : class
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository is Internal.SqlRepository<TEntity, TKey> sql
            ? sql.UpsertAsync(entity, cancellationToken)
            : throw new NotSupportedException($"UpsertAsync needs a repository of the SQL store; this one is a {repository.GetType().Name}.");
    }
}
