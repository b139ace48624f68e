using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage;

/// <summary>A store of entities: hands out repositories and opens transactions that span several of them.</summary>
/// <remarks>Implemented by every storage provider (relational, document, in-memory); consumers such as CRUD mapping and Auth depend only on this.</remarks>
public interface IEntityStore
{
    /// <summary>Gets the repository of <typeparamref name="TEntity"/> outside any transaction; each call commits on its own.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TKey">The type of the entity's key.</typeparam>
    /// <returns>The repository.</returns>
    IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull;

    /// <summary>Starts a unit of work; repositories obtained from it see and commit their changes together.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The transaction, rolled back on dispose unless committed.</returns>
    ValueTask<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);
}
