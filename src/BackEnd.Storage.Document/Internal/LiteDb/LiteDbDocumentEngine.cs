using System.Text.Json;
using BackEnd.Storage.Document.Internal.Query;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>
/// Documents in one LiteDB file. Each record is <c>{ _id, v: version, j: the caller's JSON, d: the query view }</c>; queries run on
/// <c>d</c> through <see cref="LiteDbExpressionWriter"/>, never through BsonMapper's defaults.
/// </summary>
internal sealed class LiteDbDocumentEngine : IDocumentEngine
{
    private const string SequenceCollection = "mt_sequences";
    private readonly LiteDbWorker _worker;
    private readonly string _file;

    public LiteDbDocumentEngine(string connectionString)
    {
        var parsed = new ConnectionString(connectionString);
        _file = parsed.Filename;

        // Direct mode locks the file, so a second process gets a clear error at open rather than racing this one's writes.
        parsed.Connection = ConnectionType.Direct;
        parsed.Collation = new Collation("en-US/Ordinal");
        try
        {
            _worker = new LiteDbWorker(() => Open(parsed), Path.GetFileName(_file));
        }
        catch (IOException exception)
        {
            throw new StorageUnavailableException(
                $"The LiteDB file '{Path.GetFileName(_file)}' is open in another process; LiteDB allows one process per file (use PostgreSQL to share documents between processes).",
                exception);
        }
    }

    public string Name => "LiteDB";

    internal LiteDbWorker Worker => _worker;

    public async Task<ReadDocument?> FindByIdAsync(CollectionInfo collection, object id, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => await Run(transaction, db =>
        {
            var record = db.GetCollection(collection.Name).FindById(IdToBson(id));
            return record is null ? (ReadDocument?)null : Read(record);
        }, cancellationToken).ConfigureAwait(false);

    public Task<List<ReadDocument>> FindAsync(CollectionInfo collection, DocumentQuerySpec query, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var where = query.Where is null ? null : LiteDbExpressionWriter.Write(query.Where);
        var order = query.Order.Select(k => (Expression: BsonExpression.Create(LiteDbExpressionWriter.PathOf(k.Path)), k.Descending)).ToList();
        return Run(transaction, db =>
        {
            var q = db.GetCollection(collection.Name).Query();
            if (where is not null)
            {
                q = q.Where(where);
            }

            if (order.Count <= 1)
            {
                if (order.Count == 1)
                {
                    q = order[0].Descending ? q.OrderByDescending(order[0].Expression) : q.OrderBy(order[0].Expression);
                }

                var limited = q.Offset(query.Skip);
                var rows = query.Limit is { } limit ? limited.Limit(limit).ToEnumerable() : limited.ToEnumerable();
                return rows.Select(Read).ToList();
            }

            // LiteDB orders by one key; several keys are ordered here with LiteDB's own value comparison (ordinal collation).
            var collation = db.Collation;
            var all = q.ToEnumerable().Select(r => (Record: r, Keys: order.Select(k => k.Expression.ExecuteScalar(r, collation)).ToArray())).ToList();
            all.Sort((a, b) =>
            {
                for (var i = 0; i < order.Count; i++)
                {
                    var c = a.Keys[i].CompareTo(b.Keys[i], collation);
                    if (c != 0)
                    {
                        return order[i].Descending ? -c : c;
                    }
                }

                return a.Record["_id"].CompareTo(b.Record["_id"], collation);
            });
            var page = all.Skip(query.Skip);
            if (query.Limit is { } max)
            {
                page = page.Take(max);
            }

            return page.Select(p => Read(p.Record)).ToList();
        }, cancellationToken);
    }

    public Task<long> CountAsync(CollectionInfo collection, QueryNode? where, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var expression = where is null ? null : LiteDbExpressionWriter.Write(where);
        return Run(transaction, db => expression is null ? db.GetCollection(collection.Name).LongCount() : db.GetCollection(collection.Name).LongCount(expression), cancellationToken);
    }

    public Task InsertAsync(CollectionInfo collection, IReadOnlyList<Func<long, StoredDocument>> documents, bool needsIds, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            long next = needsIds ? NextId(db, collection.Name, records) : 0;
            var last = next;
            foreach (var create in documents)
            {
                var document = create(needsIds ? next : 0);
                records.Insert(ToRecord(document, document.Version));
                last = next;
                next++;
            }

            if (needsIds && documents.Count > 0)
            {
                db.GetCollection(SequenceCollection).Upsert(new BsonDocument { ["_id"] = collection.Name, ["n"] = last });
            }

            return true;
        }), cancellationToken);

    public Task<WriteOutcome> UpdateAsync(CollectionInfo collection, StoredDocument document, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            var current = records.FindById(IdToBson(document.Id));
            if (current is null)
            {
                return WriteOutcome.NotFound;
            }

            var stored = current["v"].AsInt64;
            if (expectedVersion is { } expected && expected != stored)
            {
                return WriteOutcome.Conflict;
            }

            records.Update(ToRecord(document, stored + 1));
            return WriteOutcome.Done;
        }), cancellationToken);

    public Task<long> UpsertAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            var current = records.FindById(IdToBson(document.Id));
            var version = current is null ? 1 : current["v"].AsInt64 + 1;
            records.Upsert(ToRecord(document, version));
            return version;
        }), cancellationToken);

    public Task<WriteOutcome> DeleteAsync(CollectionInfo collection, object id, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            var current = records.FindById(IdToBson(id));
            if (current is null)
            {
                return WriteOutcome.NotFound;
            }

            if (expectedVersion is { } expected && expected != current["v"].AsInt64)
            {
                return WriteOutcome.Conflict;
            }

            records.Delete(IdToBson(id));
            return WriteOutcome.Done;
        }), cancellationToken);

    public Task<long> DeleteManyAsync(CollectionInfo collection, QueryNode where, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.Write(where);
        return Run(transaction, db => (long)db.GetCollection(collection.Name).DeleteMany(expression), cancellationToken);
    }

    public Task EnsureIndexAsync(CollectionInfo collection, string name, FieldPath field, bool unique, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.PathOf(field);
        return Run(null, db => db.GetCollection(collection.Name).EnsureIndex(name, expression, unique), cancellationToken);
    }

    public Task<bool> DropIndexAsync(CollectionInfo collection, string name, CancellationToken cancellationToken)
        => Run(null, db => db.GetCollection(collection.Name).DropIndex(name), cancellationToken);

    public Task<string> ExplainAsync(CollectionInfo collection, QueryNode where, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.Write(where);
        return Run(null, db => db.GetCollection(collection.Name).Query().Where(expression).GetPlan().ToString(), cancellationToken);
    }

    public async Task<IEngineTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        await _worker.AcquireTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _worker.PostAsync(db => db.BeginTrans(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _worker.ReleaseTransaction();
            throw;
        }

        return new LiteDbTransaction(_worker);
    }

    public ValueTask DisposeAsync()
    {
        _worker.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static BsonValue IdToBson(object id) => id switch
    {
        long l => new BsonValue(l),
        int i => new BsonValue((long)i),
        Guid g => new BsonValue(g),
        string s => new BsonValue(s),
        ObjectId o => new BsonValue(o),
        _ => throw new ArgumentException($"A {id.GetType().Name} cannot be a document id.", nameof(id)),
    };

    internal static BsonValue ToBson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var document = new BsonDocument();
                foreach (var property in element.EnumerateObject())
                {
                    document[property.Name] = ToBson(property.Value);
                }

                return document;
            case JsonValueKind.Array:
                var array = new BsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToBson(item));
                }

                return array;
            default:
                return LiteDbExpressionWriter.ToBson(DocumentMapper.ScalarOf(element));
        }
    }

    private static BsonDocument ToRecord(StoredDocument document, long version) => new()
    {
        ["_id"] = IdToBson(document.Id),
        ["v"] = version,
        ["j"] = document.Json,
        ["d"] = ToBson(document.View),
    };

    private static ReadDocument Read(BsonDocument record) => new(record["j"].AsString, record["v"].AsInt64);

    private static long NextId(LiteDatabase db, string name, ILiteCollection<BsonDocument> records)
    {
        var counter = db.GetCollection(SequenceCollection).FindById(name);
        var last = counter is null ? 0 : counter["n"].AsInt64;
        var max = records.Max();
        if (max.IsNumber)
        {
            last = Math.Max(last, max.AsInt64);
        }

        return last + 1;
    }

    private static T Atomic<T>(LiteDatabase db, IEngineTransaction? transaction, Func<T> work)
    {
        if (transaction is not null)
        {
            return work();
        }

        db.BeginTrans();
        try
        {
            var result = work();
            db.Commit();
            return result;
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    private static LiteDatabase Open(ConnectionString connectionString)
    {
        var db = new LiteDatabase(connectionString);
        try
        {
            var collation = db.Collation;
            if (collation.SortOptions != System.Globalization.CompareOptions.Ordinal)
            {
                throw new InvalidOperationException(
                    $"The LiteDB file was created with collation '{collation}'; BackEnd documents need ordinal text comparison (Collation=en-US/Ordinal). Rebuild the file with that collation.");
            }

            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private async Task<T> Run<T>(IEngineTransaction? transaction, Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        try
        {
            return transaction is null
                ? await _worker.RunAsync(work, cancellationToken).ConfigureAwait(false)
                : await ((LiteDbTransaction)transaction).RunAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteException exception) when (exception.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            throw new DuplicateKeyException("A document with this id or unique field value already exists.", exception);
        }
        catch (IOException exception)
        {
            throw new StorageUnavailableException($"The LiteDB file '{Path.GetFileName(_file)}' cannot be read or written.", exception);
        }
    }
}
