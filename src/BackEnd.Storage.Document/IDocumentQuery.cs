using System.Linq.Expressions;

namespace BackEnd.Storage.Document;

/// <summary>A fluent, immutable query over a collection; each call returns a new query.</summary>
/// <typeparam name="T">The document type.</typeparam>
public interface IDocumentQuery<T>
    where T : class
{
    /// <summary>Adds a predicate; several are combined with AND.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <returns>The new query.</returns>
    IDocumentQuery<T> Where(Expression<Func<T, bool>> predicate);

    /// <summary>Adds an ascending sort key (nulls first); the first call is the most significant key.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The field.</param>
    /// <returns>The new query.</returns>
    IDocumentQuery<T> OrderBy<TKey>(Expression<Func<T, TKey>> key);

    /// <summary>Adds a descending sort key (nulls last).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The field.</param>
    /// <returns>The new query.</returns>
    IDocumentQuery<T> OrderByDescending<TKey>(Expression<Func<T, TKey>> key);

    /// <summary>Skips documents.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The new query.</returns>
    IDocumentQuery<T> Skip(int count);

    /// <summary>Limits the number of documents.</summary>
    /// <param name="count">How many at most.</param>
    /// <returns>The new query.</returns>
    IDocumentQuery<T> Limit(int count);

    /// <summary>Reads the matching documents.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The documents.</returns>
    Task<IReadOnlyList<T>> ToListAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the first matching document.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, or <see langword="null"/>.</returns>
    Task<T?> FirstOrDefaultAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts the matching documents (skip and limit are ignored).</summary>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Tells whether any document matches.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Whether one exists.</returns>
    Task<bool> AnyAsync(CancellationToken cancellationToken = default);
}
