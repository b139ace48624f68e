using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BackEnd.Storage.Document.Internal.Query;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>
/// Documents in one LiteDB file. Each record is <c>{ _id, v: version, d: the query view }</c>, plus <c>j: the caller's JSON</c> when the
/// view cannot give that JSON back byte for byte (dates, enums, numbers the view reads differently); queries run on <c>d</c> through
/// <see cref="LiteDbExpressionWriter"/>, never through BsonMapper's defaults. <c>v</c> is left out while the version is 1, and a view
/// that starts with the id as the key holds it (<see cref="CollectionInfo.KeyIdName"/>) leaves it to <c>_id</c>.
/// </summary>
/// <remarks>
/// Records written before the view-only layout all carry <c>j</c>, so they read as before; any update rewrites them in the new layout.
/// Records that still carry <c>v</c> = 1 or the id inside <c>d</c> read and query the same (queries on the id read <c>_id</c>).
/// </remarks>
internal sealed class LiteDbDocumentEngine : IDocumentEngine
{
    private const string SequenceCollection = "mt_sequences";

    // New files get the invariant culture: ordinal comparison ignores the culture anyway, and a named culture ("en-US", which earlier
    // versions used) cannot be loaded under InvariantGlobalization. LiteDB applies a collation only when it creates a file.
    private static readonly Collation NewFileCollation = new(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal);
    private readonly LiteDbWorker _worker;
    private readonly string _file;
    private readonly FileStream? _processLock;
    private readonly QueryShapeCache<QueryPlan, BsonExpression> _expressions = new(QueryShapeCache<QueryPlan, BsonExpression>.DefaultCapacity);

    public LiteDbDocumentEngine(string connectionString)
    {
        var parsed = new ConnectionString(connectionString);
        _file = parsed.Filename;

        // LiteDB's direct mode does not lock the file on Linux (measured: a second process opened it and wrote), so an exclusive
        // lock file gives a second process a clear error at open instead of two writers corrupting one file.
        parsed.Connection = ConnectionType.Direct;
        // LiteDB refuses to open a file whose collation differs from the one asked for, so existing files keep theirs (checked in Open).
        parsed.Collation = _file != ":memory:" && File.Exists(_file) && new FileInfo(_file).Length > 0 ? null : NewFileCollation;
        try
        {
            if (_file != ":memory:")
            {
                _processLock = new FileStream(Path.GetFullPath(_file) + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }

            _worker = new LiteDbWorker(() => Open(parsed), Path.GetFileName(_file));
        }
        catch (IOException exception)
        {
            _processLock?.Dispose();
            throw new StorageUnavailableException(
                $"The LiteDB file '{Path.GetFileName(_file)}' is open in another process; LiteDB allows one process per file (use PostgreSQL to share documents between processes).",
                exception);
        }
        catch
        {
            _processLock?.Dispose();
            throw;
        }
    }

    public string Name => "LiteDB";

    internal LiteDbWorker Worker => _worker;

    public async Task<ReadDocument?> FindByIdAsync(CollectionInfo collection, object id, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => await Run(transaction, db =>
        {
            var record = db.GetCollection(collection.Name).FindById(IdToBson(id));
            return record is null ? (ReadDocument?)null : Read(record, collection.KeyIdName);
        }, cancellationToken).ConfigureAwait(false);

    public Task<List<ReadDocument>> FindAsync(CollectionInfo collection, DocumentQuerySpec query, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        if (query is { Plan: { } plan, Where: { } planned, Order.Count: 0 })
        {
            var arguments = new List<BsonValue>(2);
            if (LiteDbExpressionWriter.TryArguments(planned, arguments))
            {
                return Run(transaction, db => Rows(db.GetCollection(collection.Name).Query().Where(Planned(plan, planned, collection.KeyIdName, arguments)), query, collection.KeyIdName), cancellationToken);
            }
        }

        var where = query.Where is null ? null : LiteDbExpressionWriter.Create(query.Where, collection.KeyIdName);
        var order = query.Order.Select(k => (Expression: BsonExpression.Create(LiteDbExpressionWriter.PathOf(k.Path, keyIdName: collection.KeyIdName)), k.Descending)).ToList();
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

                return Rows(q, query, collection.KeyIdName);
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

            return page.Select(p => Read(p.Record, collection.KeyIdName)).ToList();
        }, cancellationToken);
    }

    private static List<ReadDocument> Rows(ILiteQueryable<BsonDocument> q, DocumentQuerySpec query, string? keyIdName)
    {
        var limited = q.Offset(query.Skip);
        var rows = new List<ReadDocument>();
        foreach (var record in query.Limit is { } limit ? limited.Limit(limit).ToEnumerable() : limited.ToEnumerable())
        {
            rows.Add(Read(record, keyIdName));
        }

        return rows;
    }

    /// <summary>
    /// Gets the parsed expression of a planned predicate with this call's arguments bound. LiteDB parses an expression's text on every
    /// Create (tokens, a syntax tree, a LINQ tree to look its compiled delegate up), so each plan's is parsed once per file and reused.
    /// </summary>
    /// <remarks>
    /// Called only inside <see cref="Run{T}"/>: the worker lets one operation at a time into this file, so rebinding the shared
    /// parameter document (every node of the expression reads the same one) cannot change another query's values mid-way.
    /// </remarks>
    private BsonExpression Planned(QueryPlan plan, QueryNode where, string? keyIdName, List<BsonValue> arguments)
    {
        if (!_expressions.TryGet(plan, out var expression))
        {
            expression = LiteDbExpressionWriter.Create(where, keyIdName);
            _expressions.Add(plan, expression);
            return expression;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            expression.Parameters[LiteDbExpressionWriter.ArgumentName(i)] = arguments[i];
        }

        return expression;
    }

    public Task<long> CountAsync(CollectionInfo collection, QueryNode? where, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var expression = where is null ? null : LiteDbExpressionWriter.Create(where, collection.KeyIdName);
        return Run(transaction, db => expression is null ? db.GetCollection(collection.Name).LongCount() : db.GetCollection(collection.Name).LongCount(expression), cancellationToken);
    }

    public Task InsertAsync(CollectionInfo collection, IReadOnlyList<Func<long, StoredDocument>> documents, bool needsIds, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        if (documents.Count == 1 && !needsIds)
        {
            // One record with its id is one LiteDB insert, atomic on its own (LiteDB's own transaction), as with LiteDB's API.
            return Run(transaction, db =>
            {
                var document = documents[0](0);
                return db.GetCollection(collection.Name).Insert(ToRecord(collection, document, document.Version));
            }, cancellationToken);
        }

        return InsertManyAsync(collection, documents, needsIds, transaction, cancellationToken);
    }

    private Task<bool> InsertManyAsync(
        CollectionInfo collection, IReadOnlyList<Func<long, StoredDocument>> documents, bool needsIds, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            long next = needsIds ? NextId(db, collection.Name, records) : 0;
            var last = next;
            foreach (var create in documents)
            {
                var document = create(needsIds ? next : 0);
                records.Insert(ToRecord(collection, document, document.Version));
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

            var stored = VersionOf(current);
            if (expectedVersion is { } expected && expected != stored)
            {
                return WriteOutcome.Conflict;
            }

            records.Update(ToRecord(collection, document, stored + 1));
            return WriteOutcome.Done;
        }), cancellationToken);

    public Task<long> UpsertAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(transaction, db => Atomic(db, transaction, () =>
        {
            var records = db.GetCollection(collection.Name);
            var current = records.FindById(IdToBson(document.Id));
            var version = current is null ? 1 : VersionOf(current) + 1;
            records.Upsert(ToRecord(collection, document, version));
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

            if (expectedVersion is { } expected && expected != VersionOf(current))
            {
                return WriteOutcome.Conflict;
            }

            records.Delete(IdToBson(id));
            return WriteOutcome.Done;
        }), cancellationToken);

    public Task<long> DeleteManyAsync(CollectionInfo collection, QueryNode where, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.Create(where, collection.KeyIdName);
        return Run(transaction, db => (long)db.GetCollection(collection.Name).DeleteMany(expression), cancellationToken);
    }

    public Task EnsureIndexAsync(CollectionInfo collection, string name, FieldPath field, bool unique, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.PathOf(field, keyIdName: collection.KeyIdName);
        return Run(null, db => db.GetCollection(collection.Name).EnsureIndex(name, expression, unique), cancellationToken);
    }

    public Task<bool> DropIndexAsync(CollectionInfo collection, string name, CancellationToken cancellationToken)
        => Run(null, db => db.GetCollection(collection.Name).DropIndex(name), cancellationToken);

    public Task<string> ExplainAsync(CollectionInfo collection, QueryNode where, CancellationToken cancellationToken)
    {
        var expression = LiteDbExpressionWriter.Create(where, collection.KeyIdName);
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
        _processLock?.Dispose();
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

    /// <summary>Reads the query view's JSON straight into BSON (scalars as <see cref="DocumentMapper.ScalarOf"/> reads them).</summary>
    internal static BsonValue ToBson(string json) => ToBson(json, checkRoundTrip: false, out _);

    /// <summary>
    /// Reads the query view's JSON into BSON; with <paramref name="checkRoundTrip"/>, also tells whether <see cref="WriteJson"/> gives the
    /// same bytes back from it (false for numbers the view reads as another type, keys differing only in case, another escaping).
    /// </summary>
    internal static BsonValue ToBson(string json, bool checkRoundTrip, out bool roundTrips)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);

            // The serializer wrote this text under the depth limit already; the reader's own default limit must not refuse it again.
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = int.MaxValue });
            reader.Read();
            var value = ReadValue(ref reader);
            roundTrips = checkRoundTrip && WritesBack(value, buffer.AsSpan(0, length));
            return value;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes a stored query view as JSON: for a view stored without <c>j</c>, the exact bytes the serializer wrote.</summary>
    internal static byte[] WriteJson(BsonValue value, string? idName = null, BsonValue? id = null)
    {
        var output = Output;
        output.ResetWrittenCount();
        var writer = Writer(output);
        if (id is not null && idName is not null)
        {
            // The view left its leading id to the key: written back first, where the serializer wrote it.
            writer.WriteStartObject();
            writer.WritePropertyName(idName);
            WriteValue(writer, id);
            WriteMembers(writer, value.AsDocument);
            writer.WriteEndObject();
        }
        else
        {
            WriteValue(writer, value);
        }

        writer.Flush();

        var json = output.WrittenSpan.ToArray();
        Release(output);
        return json;
    }

    // Filled and copied out within one synchronous step, never across an await.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _output;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    private static ArrayBufferWriter<byte> Output => _output ??= new ArrayBufferWriter<byte>(1024);

    // One writer per thread, reset onto the buffer for each document (a new writer per document was an allocation per read).
    private static Utf8JsonWriter Writer(ArrayBufferWriter<byte> output)
    {
        if (_writer is { } writer)
        {
            writer.Reset(output);
            return writer;
        }

        return _writer = new Utf8JsonWriter(output, WriterOptions);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, MaxDepth = int.MaxValue };

    private static bool WritesBack(BsonValue value, ReadOnlySpan<byte> json)
    {
        var output = Output;
        output.ResetWrittenCount();
        var writer = Writer(output);
        WriteValue(writer, value);
        writer.Flush();
        var same = output.WrittenSpan.SequenceEqual(json);
        Release(output);
        return same;
    }

    // A thread keeps its buffer for the next document, unless a large one grew it: that memory goes back to the GC.
    private static void Release(ArrayBufferWriter<byte> output)
    {
        if (output.Capacity > 64 * 1024)
        {
            _output = null;
            _writer = null;
        }
        else
        {
            output.ResetWrittenCount();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.Type)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                WriteMembers(writer, value.AsDocument);
                writer.WriteEndObject();
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                var array = value.AsArray;
                for (var i = 0; i < array.Count; i++)
                {
                    WriteValue(writer, array[i]);
                }

                writer.WriteEndArray();
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            case BsonType.Int32:
                writer.WriteNumberValue(value.AsInt32);
                break;
            case BsonType.Int64:
                writer.WriteNumberValue(value.AsInt64);
                break;
            case BsonType.Decimal:
                writer.WriteNumberValue(value.AsDecimal);
                break;
            case BsonType.Double:
                writer.WriteNumberValue(value.AsDouble);
                break;
            default:
                // Views hold only JSON's kinds; anything else (a record edited by other tools) makes the write-back check fail.
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Writes a document's members in the order LiteDB's serializer writes them, so the check at write time sees what a read will.</summary>
    private static void WriteMembers(Utf8JsonWriter writer, BsonDocument document)
    {
        if (document.ContainsKey("_id"))
        {
            // GetElements moves _id first; it costs two iterators and a delegate per document, so it is used only when that matters.
            foreach (var (name, field) in document.GetElements())
            {
                writer.WritePropertyName(name);
                WriteValue(writer, field);
            }

            return;
        }

        foreach (var (name, field) in document.RawValue)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, field);
        }
    }

    // A member name read from a view: the names of one document type repeat in every document, so each thread keeps the ones it has
    // seen and hands the same string out again instead of decoding a new one per member per document.
    private static string MemberName(ref Utf8JsonReader reader)
    {
        const int Longest = 64;
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > Longest)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[Longest];
        var name = chars[..Encoding.UTF8.GetChars(reader.ValueSpan, chars)];
        var names = t_names ??= new HashSet<string>(StringComparer.Ordinal);
        if (names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var known))
        {
            return known;
        }

        var text = name.ToString();
        if (names.Count < 1024)
        {
            names.Add(text);
        }

        return text;
    }

    [ThreadStatic]
    private static HashSet<string>? t_names;

    private static BsonValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var document = new BsonDocument();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = MemberName(ref reader);
                    reader.Read();
                    document[name] = ReadValue(ref reader);
                }

                return document;
            case JsonTokenType.StartArray:
                var array = new BsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader));
                }

                return array;
            case JsonTokenType.String:
                return new BsonValue(reader.GetString());
            case JsonTokenType.True:
                return new BsonValue(true);
            case JsonTokenType.False:
                return new BsonValue(false);
            case JsonTokenType.Number when reader.TryGetInt64(out var l):
                return new BsonValue(l);
            case JsonTokenType.Number when reader.TryGetDecimal(out var d):
                return new BsonValue(d);
            case JsonTokenType.Number:
                return new BsonValue(reader.GetDouble());
            default:
                return BsonValue.Null;
        }
    }

    private static BsonDocument ToRecord(CollectionInfo collection, StoredDocument document, long version)
    {
        // One copy of the document when the view is the JSON and gives it back byte for byte; otherwise the JSON is kept beside it.
        var view = ToBson(document.View, ReferenceEquals(document.Json, document.View), out var roundTrips);
        var id = IdToBson(document.Id);

        // Version 1 (a document never updated) is implied by a missing "v", and the view's leading id, the key's own value, is kept
        // once (as _id): every record scanned by an unindexed query is read whole, so each field left out is work no query repeats.
        var record = new BsonDocument { ["_id"] = id };
        if (version != 1)
        {
            record["v"] = version;
        }

        if (!roundTrips)
        {
            record["j"] = document.Json;
        }

        if (collection.KeyIdName is { } idName && view.IsDocument && LeadsWith(view.AsDocument, idName, id))
        {
            view.AsDocument.Remove(idName);
        }

        record["d"] = view;
        return record;
    }

    // True when the view's first member is the id with the key's value and type, so writing the key there gives the same bytes back.
    private static bool LeadsWith(BsonDocument view, string idName, BsonValue id)
    {
        foreach (var (name, value) in view.ContainsKey("_id") ? view.GetElements() : view.RawValue)
        {
            return string.Equals(name, idName, StringComparison.Ordinal) && value.Type == id.Type
                && (id.IsString ? string.Equals(value.AsString, id.AsString, StringComparison.Ordinal) : value.AsInt64 == id.AsInt64);
        }

        return false;
    }

    private static long VersionOf(BsonDocument record) => record.TryGetValue("v", out var version) ? version.AsInt64 : 1;

    private static ReadDocument Read(BsonDocument record, string? keyIdName)
    {
        if (record.TryGetValue("j", out var json))
        {
            return new ReadDocument(json.AsString, VersionOf(record));
        }

        var view = record["d"];

        // A view without its id left it to the key (records written before that keep it, and read as they are).
        var id = keyIdName is not null && view.IsDocument && !view.AsDocument.ContainsKey(keyIdName) ? record["_id"] : null;
        return new ReadDocument(null, WriteJson(view, keyIdName, id), VersionOf(record));
    }

    private static long NextId(LiteDatabase db, string name, ILiteCollection<BsonDocument> records)
    {
        var counter = db.GetCollection(SequenceCollection).FindById(name);
        var last = counter is null ? 0 : counter["n"].AsInt64;
        var top = records.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
        if (top is not null && top["_id"].IsNumber)
        {
            last = Math.Max(last, top["_id"].AsInt64);
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
        LiteDatabase db;
        try
        {
            db = new LiteDatabase(connectionString);
        }
        catch (CultureNotFoundException exception)
        {
            throw new InvalidOperationException(
                "The LiteDB file was created with a named culture (earlier versions used en-US/Ordinal), which .NET cannot load under "
                + "InvariantGlobalization. Open it without invariant globalization, or rebuild it once with collation '/Ordinal' "
                + "(LiteDB's Rebuild with RebuildOptions.Collation).",
                exception);
        }

        try
        {
            var collation = db.Collation;
            if (collation.SortOptions != System.Globalization.CompareOptions.Ordinal)
            {
                throw new InvalidOperationException(
                    $"The LiteDB file was created with collation '{collation}'; BackEnd documents need ordinal text comparison. Rebuild the file with collation '/Ordinal'.");
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
        catch (LiteException exception) when (exception.Message.Contains("null character", StringComparison.Ordinal))
        {
            throw new ArgumentException("A field name of the document contains a NUL character, which LiteDB cannot store.", exception);
        }
        catch (IOException exception)
        {
            throw new StorageUnavailableException($"The LiteDB file '{Path.GetFileName(_file)}' cannot be read or written.", exception);
        }
    }
}
