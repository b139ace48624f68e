using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
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
        => documents.Count == 1 && !needsIds
            ? InsertOneAsync(collection, documents[0](0), transaction, cancellationToken)
            : InsertManyAsync(collection, documents, needsIds, transaction, cancellationToken);

    public Task InsertOneAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        // The record is built before taking the file: it needs nothing from it, and other operations need not wait for it.
        // One record with its id is one LiteDB insert, atomic on its own (LiteDB's own transaction), as with LiteDB's API.
        BsonDocument record;
        try
        {
            record = ToRecord(collection, document, document.Version);
        }
        catch (Exception exception)
        {
            return Translated(Task.FromException<BsonValue>(exception));
        }

        return Run(transaction, db => db.GetCollection(collection.Name).Insert(record), cancellationToken);
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
    /// <remarks>
    /// The answer is worked out while reading, token by token, rather than by writing the whole value back and comparing: that second
    /// serialisation was most of this engine's own work per insert. What the writer would change is local to a token (whitespace
    /// between tokens, a string's or name's escaping, a number's text, a name the case-insensitive document merges, an <c>_id</c>
    /// member the document writes first), so each token is checked against what the writer writes for it.
    /// </remarks>
    internal static BsonValue ToBson(string json, bool checkRoundTrip, out bool roundTrips)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            var utf8 = buffer.AsSpan(0, length);

            // The serializer wrote this text under the depth limit already; the reader's own default limit must not refuse it again.
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
            reader.Read();
            var check = new WriteBackCheck(utf8, checkRoundTrip);
            var value = ReadValue(ref reader, ref check);
            roundTrips = check.Ends();
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

    private static BsonValue ReadValue(ref Utf8JsonReader reader, ref WriteBackCheck check)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                check.Token(ref reader, 1);
                var document = new BsonDocument();
                var first = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = MemberName(ref reader);
                    if (check.Checking)
                    {
                        check.Token(ref reader, reader.ValueSpan.Length + 2);

                        // The document writes a member named _id (in any case, as "_id") before the others.
                        check.Require(WritesSameText(ref reader, name)
                            && (!name.Equals("_id", StringComparison.OrdinalIgnoreCase) || (first && name == "_id")));
                    }

                    reader.Read();
                    var count = document.Count;
                    document[name] = ReadValue(ref reader, ref check);

                    // A repeated name, or one differing only in case, replaced a member of the case-insensitive document.
                    check.Require(document.Count != count);
                    first = false;
                }

                check.Token(ref reader, 1);
                return document;
            case JsonTokenType.StartArray:
                check.Token(ref reader, 1);
                var array = new BsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, ref check));
                }

                check.Token(ref reader, 1);
                return array;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (check.Checking)
                {
                    check.Token(ref reader, reader.ValueSpan.Length + 2);
                    check.Require(WritesSameText(ref reader, text!));
                }

                return new BsonValue(text);
            case JsonTokenType.True:
                check.Token(ref reader, 4);
                return new BsonValue(true);
            case JsonTokenType.False:
                check.Token(ref reader, 5);
                return new BsonValue(false);
            case JsonTokenType.Number when reader.TryGetInt64(out var l):
                check.Number(ref reader, l);
                return new BsonValue(l);
            case JsonTokenType.Number when reader.TryGetDecimal(out var d):
                check.Number(ref reader, d);
                return new BsonValue(d);
            case JsonTokenType.Number:
                var number = reader.GetDouble();
                check.Number(ref reader, number);
                return new BsonValue(number);
            default:
                check.Token(ref reader, reader.ValueSpan.Length);
                return BsonValue.Null;
        }
    }

    // True when the writer writes this string or name as the reader found it: unescaped text it would not escape, or the very escapes
    // it writes (its own encoder's, upper-case hex, HTML-sensitive characters escaped) when the serializer used the same encoder.
    private static bool WritesSameText(ref Utf8JsonReader reader, string decoded)
        => reader.ValueIsEscaped
            ? JsonEncodedText.Encode(decoded).EncodedUtf8Bytes.SequenceEqual(reader.ValueSpan)
            : JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(reader.ValueSpan) < 0;

    /// <summary>Whether <see cref="WriteValue"/> would write back, byte for byte, the JSON a view was read from (see <see cref="ToBson(string, bool, out bool)"/>).</summary>
    private ref struct WriteBackCheck
    {
        private readonly ReadOnlySpan<byte> _json;

        // Where the last token ended; -1 once something would be written differently (or when not checking).
        private long _end;

        public WriteBackCheck(ReadOnlySpan<byte> json, bool check)
        {
            _json = json;
            _end = check ? 0 : -1;
        }

        public readonly bool Checking => _end >= 0;

        public void Require(bool same)
        {
            if (!same)
            {
                _end = -1;
            }
        }

        /// <summary>Follows a token of <paramref name="length"/> bytes: the writer writes no whitespace, only the separator JSON needs.</summary>
        public void Token(ref Utf8JsonReader reader, int length)
        {
            if (_end < 0)
            {
                return;
            }

            var start = reader.TokenStartIndex;
            var gap = start - _end;
            _end = gap == 0 || (gap == 1 && _json[(int)_end] is (byte)',' or (byte)':') ? start + length : -1;
        }

        /// <summary>Follows a number token: the writer writes the value read from it in its own shortest form.</summary>
        public void Number<T>(ref Utf8JsonReader reader, T value)
            where T : IUtf8SpanFormattable
        {
            if (_end < 0)
            {
                return;
            }

            Token(ref reader, reader.ValueSpan.Length);
            Span<byte> written = stackalloc byte[64];
            Require(value.TryFormat(written, out var length, default, CultureInfo.InvariantCulture) && written[..length].SequenceEqual(reader.ValueSpan));
        }

        /// <summary>Whether the whole text was the value, with nothing after it.</summary>
        public readonly bool Ends() => _end == _json.Length;
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

    private Task<T> Run<T>(IEngineTransaction? transaction, Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        Task<T> task;
        try
        {
            task = transaction is null ? _worker.RunAsync(work, cancellationToken) : ((LiteDbTransaction)transaction).RunAsync(work, cancellationToken);
        }
        catch (Exception exception)
        {
            task = Task.FromException<T>(exception);
        }

        // Most operations complete on the caller's thread: those need no state machine of their own, only a failure needs translating.
        return task.IsCompletedSuccessfully ? task : Translated(task);
    }

    private async Task<T> Translated<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
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
