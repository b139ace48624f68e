using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage;

/// <summary>A unit of work over one store: all changes made through its repositories commit or roll back together.</summary>
/// <remarks>Disposing a transaction that was not committed rolls it back, so <c>await using</c> is the safe pattern.</remarks>
public interface IStorageTransaction : IAsyncDisposable
{
    /// <summary>Gets the repository of <typeparamref name="TEntity"/> bound to this transaction.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TKey">The type of the entity's key.</typeparam>
    /// <returns>The repository; using it after commit or rollback throws <see cref="InvalidOperationException"/>.</returns>
    IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull;

    /// <summary>Makes every change of the transaction durable.</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes when the changes are committed.</returns>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards every change of the transaction.</summary>
    /// <param name="cancellationToken">Cancels the rollback.</param>
    /// <returns>A task that completes when the changes are discarded.</returns>
    ValueTask RollbackAsync(CancellationToken cancellationToken = default);
}
