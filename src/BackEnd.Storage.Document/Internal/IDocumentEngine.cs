using BackEnd.Storage.Document.Internal.Query;

namespace BackEnd.Storage.Document.Internal;

/// <summary>What a document engine does; the collection, query and repository layers above are shared by every engine.</summary>
/// <remarks>Every method takes the transaction it runs in (<see langword="null"/>: its own) and throws <see cref="StorageException"/>s.</remarks>
internal interface IDocumentEngine : IAsyncDisposable
{
    string Name { get; }

    Task<ReadDocument?> FindByIdAsync(CollectionInfo collection, object id, IEngineTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Finds a document by id and turns it into the caller's type (by default once read; an engine may do it as it reads).</summary>
    Task<T?> FindByIdAsync<T>(CollectionInfo collection, object id, Func<ReadDocument, T> read, IEngineTransaction? transaction, CancellationToken cancellationToken)
        where T : class
        => DocumentRows.MapOneAsync(FindByIdAsync(collection, id, transaction, cancellationToken), read);

    Task<List<ReadDocument>> FindAsync(CollectionInfo collection, DocumentQuerySpec query, IEngineTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Finds documents and turns each into the caller's type (by default after reading them all; an engine may do it as it reads).</summary>
    Task<IReadOnlyList<T>> FindAsync<T>(CollectionInfo collection, DocumentQuerySpec query, Func<ReadDocument, T> read, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => DocumentRows.MapAsync(FindAsync(collection, query, transaction, cancellationToken), read);

    Task<long> CountAsync(CollectionInfo collection, QueryNode? where, IEngineTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Assigns numeric ids where asked (each factory gets its new number when <paramref name="needsIds"/>) and inserts all or none.</summary>
    Task InsertAsync(CollectionInfo collection, IReadOnlyList<Func<long, StoredDocument>> documents, bool needsIds, IEngineTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Inserts one document that has its id (the common single insert: no id reservation, no batch).</summary>
    Task InsertOneAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => InsertAsync(collection, [_ => document], needsIds: false, transaction, cancellationToken);

    Task<WriteOutcome> UpdateAsync(CollectionInfo collection, StoredDocument document, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces; the stored version becomes the old one plus one (or 1). Returns the new version.</summary>
    Task<long> UpsertAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken);

    Task<WriteOutcome> DeleteAsync(CollectionInfo collection, object id, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken);

    Task<long> DeleteManyAsync(CollectionInfo collection, QueryNode where, IEngineTransaction? transaction, CancellationToken cancellationToken);

    Task EnsureIndexAsync(CollectionInfo collection, string name, FieldPath field, bool unique, CancellationToken cancellationToken);

    Task<bool> DropIndexAsync(CollectionInfo collection, string name, CancellationToken cancellationToken);

    Task<string> ExplainAsync(CollectionInfo collection, QueryNode where, CancellationToken cancellationToken);

    Task<IEngineTransaction> BeginTransactionAsync(CancellationToken cancellationToken);
}

internal static class DocumentRows
{
    /// <summary>Turns a row, once read, into a document.</summary>
    public static async Task<T?> MapOneAsync<T>(Task<ReadDocument?> row, Func<ReadDocument, T> read)
        where T : class
        => await row.ConfigureAwait(false) is { } found ? read(found) : null;

    /// <summary>The first of the rows, once read.</summary>
    public static async Task<T?> FirstAsync<T>(Task<IReadOnlyList<T>?> rows)
        where T : class
        => await rows.ConfigureAwait(false) is [var first, ..] ? first : null;

    /// <summary>Turns rows, once read, into documents.</summary>
    public static async Task<IReadOnlyList<T>> MapAsync<T>(Task<List<ReadDocument>> rows, Func<ReadDocument, T> read)
    {
        var found = await rows.ConfigureAwait(false);
        var documents = new T[found.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = read(found[i]);
        }

        return documents.AsReadOnly();
    }
}
