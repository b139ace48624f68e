using System.Linq.Expressions;
using BackEnd.Storage.Document.Internal.Query;

namespace BackEnd.Storage.Document.Internal;

internal sealed class DocumentCollection<T> : IDocumentCollection<T>
    where T : class
{
    private readonly DocumentStore _store;
    private readonly IEngineTransaction? _transaction;

    // Made once per collection: a method group passed as a delegate is a new object each call.
    private Func<ReadDocument, T>? _read;

    public DocumentCollection(DocumentStore store, string name, IEngineTransaction? transaction)
    {
        _store = store;
        _transaction = transaction;
        Mapper = store.MapperFor(typeof(T));
        Info = new CollectionInfo(name, Mapper.IdKind, Mapper.KeyIdName);
        Translator = new ExpressionTranslator(Mapper);
    }

    public string Name => Info.Name;

    internal CollectionInfo Info { get; }

    internal DocumentMapper Mapper { get; }

    internal ExpressionTranslator Translator { get; }

    internal IDocumentEngine Engine => _store.Engine;

    internal IEngineTransaction? Transaction => _transaction;

    public static string CheckName(string name)
    {
        if (name.Length is 0 or > 60 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("A collection name is 1 to 60 ASCII letters, digits or '_', starting with a letter or '_'.", nameof(name));
        }

        return name.ToLowerInvariant();
    }

    public async Task<object> InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (Mapper.GetId(document) is { } id && !DocumentIds.IsEmpty(id))
        {
            // A document with its id: one record to store, without the batch's list and id factories.
            Mapper.SetVersion(document, 1);
            var (json, view) = Mapper.Serialize(document);
            await Engine.InsertOneAsync(Info, new StoredDocument(id, json, view, 1), _transaction, cancellationToken).ConfigureAwait(false);
            return id;
        }

        await InsertCoreAsync([document], cancellationToken).ConfigureAwait(false);
        return Mapper.GetId(document)!;
    }

    public async Task<int> InsertManyAsync(IEnumerable<T> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        await InsertCoreAsync(list, cancellationToken).ConfigureAwait(false);
        return list.Count;
    }

    public async Task<bool> UpdateAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var expected = Mapper.GetVersion(document);
        var id = RequireId(document);
        Mapper.SetVersion(document, (expected ?? 0) + 1);
        var (json, view) = Mapper.Serialize(document);
        var outcome = await Engine.UpdateAsync(Info, new StoredDocument(id, json, view, 0), expected, _transaction, cancellationToken).ConfigureAwait(false);
        if (outcome != WriteOutcome.Done && expected is { } version)
        {
            Mapper.SetVersion(document, version);
        }

        return outcome switch
        {
            WriteOutcome.Done => true,
            WriteOutcome.NotFound => false,
            _ => throw new ConcurrencyConflictException($"The {typeof(T).Name} document '{DocumentIds.ToText(id)}' was changed since it was read (version {expected})."),
        };
    }

    public async Task<bool> UpsertAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (DocumentIds.IsEmpty(Mapper.GetId(document)))
        {
            await InsertAsync(document, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var id = RequireId(document);
        var (json, view) = Mapper.Serialize(document);
        var version = await Engine.UpsertAsync(Info, new StoredDocument(id, json, view, 0), _transaction, cancellationToken).ConfigureAwait(false);
        Mapper.SetVersion(document, version);
        return version == 1;
    }

    public async Task<bool> DeleteAsync(object id, CancellationToken cancellationToken = default)
        => await Engine.DeleteAsync(Info, CheckId(id), null, _transaction, cancellationToken).ConfigureAwait(false) == WriteOutcome.Done;

    public Task<long> DeleteManyAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Engine.DeleteManyAsync(Info, Translator.Translate(predicate), _transaction, cancellationToken);

    public Task<T?> FindByIdAsync(object id, CancellationToken cancellationToken = default)
        => Engine.FindByIdAsync(Info, CheckId(id), _read ??= Read, _transaction, cancellationToken);

    public Task<T?> FindOneAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Query().Where(predicate).FirstOrDefaultAsync(cancellationToken);

    public Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> predicate, int skip = 0, int? limit = null, CancellationToken cancellationToken = default)
    {
        // The query built directly rather than through Where/Skip/Limit: a lookup is often the whole request, and each step is an object.
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(limit));
        }

        var where = Translator.Translate(predicate, out var plan);
        return ListAsync(new DocumentQuerySpec(where, [], skip, limit) { Plan = plan }, cancellationToken);
    }

    /// <summary>Finds by a predicate given as its body over <paramref name="x"/> (a prepared lookup binds its argument there, no lambda made).</summary>
    internal Task<IReadOnlyList<T>> FindAsync(Expression body, ParameterExpression x, CancellationToken cancellationToken)
    {
        var where = Translator.Translate(body, x, out var plan);
        return ListAsync(new DocumentQuerySpec(where, [], 0, null) { Plan = plan }, cancellationToken);
    }

    /// <summary>Runs a query for its documents, each read into a <typeparamref name="T"/> by the engine.</summary>
    internal Task<IReadOnlyList<T>> ListAsync(DocumentQuerySpec spec, CancellationToken cancellationToken)
        => Engine.FindAsync(Info, spec, _read ??= Read, _transaction, cancellationToken);

    public IDocumentQuery<T> Query() => new DocumentQuery<T>(this, null, [], 0, null);

    public Task<long> CountAsync(Expression<Func<T, bool>>? predicate = null, CancellationToken cancellationToken = default)
        => Engine.CountAsync(Info, predicate is null ? null : Translator.Translate(predicate), _transaction, cancellationToken);

    public Task<bool> ExistsAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Query().Where(predicate).AnyAsync(cancellationToken);

    public async Task<string> EnsureIndexAsync<TField>(Expression<Func<T, TField>> field, bool unique = false, CancellationToken cancellationToken = default)
    {
        var path = Translator.Field(field);
        var name = IndexName(path);
        await Engine.EnsureIndexAsync(Info, name, path, unique, cancellationToken).ConfigureAwait(false);
        return name;
    }

    public Task<bool> DropIndexAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Engine.DropIndexAsync(Info, CheckName(name), cancellationToken);
    }

    internal Task<string> ExplainAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Engine.ExplainAsync(Info, Translator.Translate(predicate), cancellationToken);

    internal T Read(ReadDocument read) => (T)Mapper.Deserialize(read);

    private static string IndexName(FieldPath path)
    {
        var name = "ix_" + string.Join('_', path.Segments.Select(s => new string([.. s.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_')])));
        return (name.Length > 30 ? name[..30] : name).ToLowerInvariant();
    }

    private object CheckId(object id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var expected = Mapper.IdProperty.PropertyType;
        if (id.GetType() != expected)
        {
            throw new ArgumentException($"The id of {typeof(T).Name} is a {expected.Name}, not a {id.GetType().Name}.", nameof(id));
        }

        return id;
    }

    private object RequireId(T document)
    {
        var id = Mapper.GetId(document);
        return DocumentIds.IsEmpty(id) ? throw new ArgumentException($"The {typeof(T).Name} document has no id.", nameof(document)) : id!;
    }

    private async Task InsertCoreAsync(List<T> documents, CancellationToken cancellationToken)
    {
        var numeric = Mapper.IdKind is DocumentIdKind.Int64 or DocumentIdKind.Int32;
        var needsIds = false;
        var factories = new List<Func<long, StoredDocument>>(documents.Count);
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            var empty = DocumentIds.IsEmpty(Mapper.GetId(document));
            if (empty && !numeric)
            {
                Mapper.SetId(document, DocumentIds.NewUnordered(Mapper.IdKind));
            }

            needsIds |= empty && numeric;
            Mapper.SetVersion(document, 1);
            if (empty && numeric)
            {
                factories.Add(n =>
                {
                    Mapper.SetId(document, DocumentIds.FromCounter(Mapper.IdKind, n));
                    var (json, view) = Mapper.Serialize(document);
                    return new StoredDocument(Mapper.GetId(document)!, json, view, 1);
                });
            }
            else
            {
                var (json, view) = Mapper.Serialize(document);
                var stored = new StoredDocument(Mapper.GetId(document)!, json, view, 1);
                factories.Add(_ => stored);
            }
        }

        if (needsIds && documents.Any(d => !DocumentIds.IsEmpty(Mapper.GetId(d))))
        {
            // Counter ids are handed out in order; explicit numeric ids in the same batch could collide with them.
            throw new ArgumentException("A batch must not mix documents with and without numeric ids.", nameof(documents));
        }

        await Engine.InsertAsync(Info, factories, needsIds, _transaction, cancellationToken).ConfigureAwait(false);
    }
}
