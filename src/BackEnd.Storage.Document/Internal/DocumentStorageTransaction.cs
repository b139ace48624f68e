using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Storage.Document.Internal;

/// <summary>A unit of work across collections of one document store.</summary>
internal sealed class DocumentStorageTransaction(DocumentStore store, IEngineTransaction transaction) : IStorageTransaction
{
    public IRepository<TEntity, TKey> GetRepository<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
        => new DocumentRepository<TEntity, TKey>(store, transaction);

    public ValueTask CommitAsync(CancellationToken cancellationToken = default) => new(transaction.CommitAsync(cancellationToken));

    public ValueTask RollbackAsync(CancellationToken cancellationToken = default) => new(transaction.RollbackAsync(cancellationToken));

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
