using System.Linq.Expressions;

namespace BackEnd.Storage.Document;

/// <summary>One collection of documents, with the verbs of LiteDB's <c>ILiteCollection</c>; misses are reported as <see langword="false"/>, <see langword="null"/> or 0.</summary>
/// <typeparam name="T">The document type.</typeparam>
/// <remarks>
/// Predicates mean what the same LINQ query means over the objects in memory (see the package README); one that cannot be translated
/// throws <see cref="NotSupportedException"/> naming the expression. When <typeparamref name="T"/> has a <c>long Version</c> member it is
/// the stored version: <see cref="UpdateAsync"/> checks it (optimistic concurrency) and every write increments it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "LiteDB's and MongoDB's name for the concept; it is not a .NET collection.")]
public interface IDocumentCollection<T>
    where T : class
{
    /// <summary>Gets the collection name.</summary>
    string Name { get; }

    /// <summary>Inserts a new document, assigning its id when empty (0, <see cref="Guid.Empty"/>, "" or an empty ObjectId).</summary>
    /// <param name="document">The document; its id (and version) members are set.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>The id.</returns>
    /// <exception cref="DuplicateKeyException">The id or a unique indexed field is taken.</exception>
    /// <exception cref="ArgumentException">The document is too large, too deep or holds invalid text.</exception>
    Task<object> InsertAsync(T document, CancellationToken cancellationToken = default);

    /// <summary>Inserts documents all together or not at all.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>How many were inserted.</returns>
    Task<int> InsertManyAsync(IEnumerable<T> documents, CancellationToken cancellationToken = default);

    /// <summary>Replaces a stored document.</summary>
    /// <param name="document">The document, with its id (and the version it was read with).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>Whether a document with this id existed.</returns>
    /// <exception cref="ConcurrencyConflictException">The document was changed since it was read.</exception>
    Task<bool> UpdateAsync(T document, CancellationToken cancellationToken = default);

    /// <summary>Inserts the document, or replaces the stored one with its id, without a version check.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was inserted (rather than replaced).</returns>
    Task<bool> UpsertAsync(T document, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document with this id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DeleteAsync(object id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every document matching a predicate.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many were deleted.</returns>
    Task<long> DeleteManyAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>Reads the document with this id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or <see langword="null"/>.</returns>
    Task<T?> FindByIdAsync(object id, CancellationToken cancellationToken = default);

    /// <summary>Reads the first document matching a predicate, in id order.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or <see langword="null"/>.</returns>
    Task<T?> FindOneAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>Reads the documents matching a predicate.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <param name="skip">How many to skip.</param>
    /// <param name="limit">How many at most; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The documents, in id order.</returns>
    Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> predicate, int skip = 0, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a fluent query: <c>Query().Where(...).OrderBy(...).Skip(10).Limit(20).ToListAsync()</c>.</summary>
    /// <returns>The query over every document.</returns>
    IDocumentQuery<T> Query();

    /// <summary>Counts the documents matching a predicate.</summary>
    /// <param name="predicate">The predicate; <see langword="null"/> counts all.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(Expression<Func<T, bool>>? predicate = null, CancellationToken cancellationToken = default);

    /// <summary>Tells whether any document matches a predicate.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Whether one exists.</returns>
    Task<bool> ExistsAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>Creates an index on a field unless it exists.</summary>
    /// <typeparam name="TField">The field type.</typeparam>
    /// <param name="field">The field, e.g. <c>x =&gt; x.Email</c> or <c>x =&gt; x.Address.City</c>.</param>
    /// <param name="unique">Whether two documents may not share a value.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The index name.</returns>
    Task<string> EnsureIndexAsync<TField>(Expression<Func<T, TField>> field, bool unique = false, CancellationToken cancellationToken = default);

    /// <summary>Drops an index.</summary>
    /// <param name="name">The name <see cref="EnsureIndexAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the drop.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DropIndexAsync(string name, CancellationToken cancellationToken = default);
}
