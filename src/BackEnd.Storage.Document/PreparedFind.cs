using System.Linq.Expressions;
using BackEnd.Storage.Document.Internal;

namespace BackEnd.Storage.Document;

/// <summary>
/// A lookup written once with a parameter (<c>(x, email) =&gt; x.Email == email</c>) and run with an argument per call: the same result as
/// <see cref="IDocumentCollection{T}.FindAsync"/> with that value, without the expression tree C# builds for a lambda at every call
/// (about 1 KB and a reflection search for the operator). Made by <see cref="DocumentCollectionExtensions.Prepare"/>; safe to share.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
/// <typeparam name="TArg">The argument's type.</typeparam>
public sealed class PreparedFind<T, TArg>
    where T : class
{
    private readonly IDocumentCollection<T> _collection;
    private readonly ParameterExpression _document;
    private readonly ParameterExpression _argument;
    private readonly Expression _body;

    internal PreparedFind(IDocumentCollection<T> collection, Expression<Func<T, TArg, bool>> predicate)
    {
        _collection = collection;
        _document = predicate.Parameters[0];
        _argument = predicate.Parameters[1];
        _body = predicate.Body;
    }

    /// <summary>Finds the documents matching the predicate with <paramref name="argument"/> as its parameter's value.</summary>
    /// <param name="argument">The value; null where the predicate allows it (a comparison with null means what it means in C#).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The documents, in id order.</returns>
    public Task<IReadOnlyList<T>> FindAsync(TArg argument, CancellationToken cancellationToken = default)
        => _collection is DocumentCollection<T> ours
            ? ours.FindAsync(Bind(argument), _document, cancellationToken)
            : _collection.FindAsync(Expression.Lambda<Func<T, bool>>(Bind(argument), _document), cancellationToken: cancellationToken);

    /// <summary>Translates the predicate once with the type's default value, so what cannot be translated fails where it is prepared.</summary>
    internal void Check()
    {
        if (_collection is DocumentCollection<T> ours)
        {
            try
            {
                ours.Translator.Translate(Bind(default!), _document, out _);
            }
            catch (ArgumentNullException)
            {
                // Valid, but not with null (text matching): a call with null says so.
            }
        }
    }

    // The argument becomes a constant where the parameter stood: only the nodes above it are new, and the translator plans the result
    // as it plans a lambda with a captured value.
    private Expression Bind(TArg argument) => new Binder(_argument, Expression.Constant(argument, typeof(TArg))).Visit(_body);

    private sealed class Binder(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }
}

/// <summary>Prepared lookups on a <see cref="IDocumentCollection{T}"/>.</summary>
public static class DocumentCollectionExtensions
{
    /// <summary>Prepares a lookup by a predicate with one parameter, checked now: an untranslatable predicate throws here.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <typeparam name="TArg">The parameter's type.</typeparam>
    /// <param name="collection">The collection.</param>
    /// <param name="predicate">The predicate, e.g. <c>(x, email) =&gt; x.Email == email</c>.</param>
    /// <returns>The lookup, to keep and call with each argument.</returns>
    /// <exception cref="NotSupportedException">The predicate cannot be translated; the message names the expression.</exception>
    public static PreparedFind<T, TArg> Prepare<T, TArg>(this IDocumentCollection<T> collection, Expression<Func<T, TArg, bool>> predicate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(predicate);
        var prepared = new PreparedFind<T, TArg>(collection, predicate);
        prepared.Check();
        return prepared;
    }
}
