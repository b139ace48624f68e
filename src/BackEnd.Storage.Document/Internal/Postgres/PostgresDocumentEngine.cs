using System.Collections.Concurrent;
using System.Text;
using BackEnd.Storage.Document.Internal.Query;
using Npgsql;
using NpgsqlTypes;

namespace BackEnd.Storage.Document.Internal.Postgres;

/// <summary>
/// Documents in PostgreSQL, one table per collection named as Marten names them: <c>mt_doc_{collection}(id, data jsonb, mt_json text,
/// mt_version, mt_last_modified)</c>. <c>data</c> is the query view (dates as UTC ticks, enums as numbers) that predicates and indexes
/// read; <c>mt_json</c> is the document as System.Text.Json wrote it, or empty when the view is that JSON, so reads return
/// <c>data</c> (same values; jsonb orders keys its own way and spells numbers as numeric does, which deserialising ignores).
/// </summary>
/// <remarks>
/// Tables are created on first use. Every statement is one round trip and atomic on its own; an outage surfaces as
/// <see cref="StorageUnavailableException"/> and clears the pool's idle connections, so the next call reconnects without a restart.
/// </remarks>
internal sealed class PostgresDocumentEngine : IDocumentEngine
{
    private const int DefaultMaxAutoPrepare = 64;

    // Letters whose invariant upper case .NET and a Unicode-aware libc agree on, and which an ASCII-only upper() leaves alone.
    private const string CaseProbe = "\u00e4\u00b5\u00df\u01c6";
    private static readonly string[] UpperCollations = ["default", "C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8"];

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _tables = new(StringComparer.Ordinal);
    private readonly QueryShapeCache<(QueryPlan Plan, string Table, long Variant), string> _findSql = new(QueryShapeCache<string, string>.DefaultCapacity);
    private readonly ConcurrentDictionary<string, TableStatements> _statements = new(StringComparer.Ordinal);
    private readonly Lock _readyLock = new();
    private Task<string?>? _ready;

    public PostgresDocumentEngine(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // The engine leaves no session state behind, so the pool's per-return reset (a round trip of its own) is skipped unless asked for.
        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public string Name => "PostgreSQL";

    internal NpgsqlDataSource DataSource => _dataSource;

    public Task<ReadDocument?> FindByIdAsync(CollectionInfo collection, object id, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        var statements = Statements(collection);
        if (transaction is null && IsReady(out _))
        {
            return FirstAsync(QueryAsync(collection, statements.Table, FindByIdCommand(statements, id), static row => row, lend: false, sortById: false, cancellationToken));
        }

        return FindByIdInRunAsync(collection, statements.FindById, id, transaction, cancellationToken);
    }

    /// <summary>
    /// Outside a transaction, runs <paramref name="read"/> on the row's pooled bytes as it arrives, as a query's rows are (no copy of the
    /// document, no second async step: a point lookup is often a whole request); before the engine's first statement, the general path.
    /// </summary>
    public Task<T?> FindByIdAsync<T>(CollectionInfo collection, object id, Func<ReadDocument, T> read, IEngineTransaction? transaction, CancellationToken cancellationToken)
        where T : class
    {
        if (transaction is not null || !IsReady(out _))
        {
            return DocumentRows.MapOneAsync(FindByIdAsync(collection, id, transaction, cancellationToken), read);
        }

        var statements = Statements(collection);
        return DocumentRows.FirstAsync(QueryAsync(collection, statements.Table, FindByIdCommand(statements, id), read, lend: true, sortById: false, cancellationToken));
    }

    private static NpgsqlCommand FindByIdCommand(TableStatements statements, object id)
    {
        var command = new NpgsqlCommand(statements.FindById);
        command.Parameters.Add(IdParameter(id));
        return command;
    }

    // Apart from FindByIdAsync so that its fast path does not allocate this lambda's closure.
    private Task<ReadDocument?> FindByIdInRunAsync(CollectionInfo collection, string sql, object id, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, _) =>
        {
            using var command = Command(sql, connection, tx);
            command.Parameters.Add(IdParameter(id));
            var rows = await PostgresRows.ReadAsync(command, Read, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? (ReadDocument?)null : rows[0];
        }, cancellationToken);

    public Task<List<ReadDocument>> FindAsync(CollectionInfo collection, DocumentQuerySpec query, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, collation) =>
        {
            using var command = FindCommand(query, table, collation, sortById: false);
            command.Connection = connection;
            command.Transaction = tx;
            return await PostgresRows.ReadAsync(command, Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<T>> FindAsync<T>(CollectionInfo collection, DocumentQuerySpec query, Func<ReadDocument, T> read, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => transaction is null && IsReady(out _)
            ? FindDirectAsync(collection, query, read, cancellationToken)!
            : DocumentRows.MapAsync(FindAsync(collection, query, transaction, cancellationToken), read);

    // Outside a transaction the rows come back in the server's order and are sorted by id here when needed (SortsById).
    private Task<IReadOnlyList<T>?> FindDirectAsync<T>(CollectionInfo collection, DocumentQuerySpec query, Func<ReadDocument, T> read, CancellationToken cancellationToken)
    {
        IsReady(out var collation);
        var table = Statements(collection).Table;
        var sortById = SortsById(collection, query);
        return QueryAsync(collection, table, FindCommand(query, table, collation, sortById), read, lend: true, sortById, cancellationToken);
    }

    public Task<long> CountAsync(CollectionInfo collection, QueryNode? where, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, collation) =>
        {
            var parameters = new List<NpgsqlParameter>();
            var sql = "SELECT count(*) FROM " + table + (where is null ? "" : " WHERE " + PostgresSqlWriter.Write(where, parameters, collation));
            using var command = Command(sql, connection, tx, parameters);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task InsertAsync(CollectionInfo collection, IReadOnlyList<Func<long, StoredDocument>> documents, bool needsIds, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, _) =>
        {
            if (documents.Count == 0)
            {
                return true;
            }

            long first = 0;
            if (needsIds)
            {
                // The counter never falls behind ids stored explicitly (upserts, imports): it starts past the largest one.
                using var reserve = Command(
                    $"INSERT INTO {PostgresNames.Sequences} AS s (name, n) VALUES ($1, COALESCE((SELECT max(id) FROM {table}), 0) + $2) "
                    + $"ON CONFLICT (name) DO UPDATE SET n = GREATEST(s.n, COALESCE((SELECT max(id) FROM {table}), 0)) + $2 RETURNING n",
                    connection,
                    tx);
                reserve.Parameters.Add(new NpgsqlParameter { Value = table, NpgsqlDbType = NpgsqlDbType.Text });
                reserve.Parameters.Add(new NpgsqlParameter { Value = (long)documents.Count, NpgsqlDbType = NpgsqlDbType.Bigint });
                first = (long)(await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! - documents.Count + 1;
            }

            var stored = new StoredDocument[documents.Count];
            for (var i = 0; i < stored.Length; i++)
            {
                stored[i] = documents[i](needsIds ? first + i : 0);
            }

            NpgsqlCommand command;
            if (stored.Length == 1)
            {
                command = InsertOneCommand(Statements(collection), stored[0]);
                command.Connection = connection;
                command.Transaction = tx;
            }
            else
            {
                // One statement for the batch: all rows or none.
                command = Command(
                    $"INSERT INTO {table} (id, data, mt_json, mt_version) SELECT * FROM unnest($1::{IdType(collection.IdKind)}[], $2::jsonb[], $3::text[], $4::bigint[])",
                    connection,
                    tx);
                command.Parameters.Add(IdArrayParameter(collection.IdKind, stored));
                command.Parameters.Add(new NpgsqlParameter { Value = stored.Select(s => s.View).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter { Value = stored.Select(StoredJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = stored.Select(s => s.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            }

            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    public Task InsertOneAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null || !IsReady(out _))
        {
            return InsertInRunAsync(collection, document, transaction, cancellationToken);
        }

        var statements = Statements(collection);
        return QueryAsync<ReadDocument>(collection, statements.Table, InsertOneCommand(statements, document), read: null, lend: false, sortById: false, cancellationToken);
    }

    // Apart from InsertOneAsync so that its fast path does not allocate this lambda's closure.
    private Task InsertInRunAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => InsertAsync(collection, [_ => document], needsIds: false, transaction, cancellationToken);

    public Task<WriteOutcome> UpdateAsync(CollectionInfo collection, StoredDocument document, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, _) =>
        {
            // One round trip: the update, and whether the row exists (from the snapshot before it) to tell a miss from a conflict.
            var check = expectedVersion is null ? "" : " AND mt_version = $4";
            using var command = Command(
                $"WITH u AS (UPDATE {table} SET data = $2, mt_json = $3, mt_version = mt_version + 1, mt_last_modified = now() WHERE id = $1{check} RETURNING 1) "
                + $"SELECT EXISTS (SELECT 1 FROM u), EXISTS (SELECT 1 FROM {table} WHERE id = $1)",
                connection,
                tx);
            command.Parameters.Add(IdParameter(document.Id));
            command.Parameters.Add(new NpgsqlParameter { Value = document.View, NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter { Value = StoredJson(document), NpgsqlDbType = NpgsqlDbType.Text });
            if (expectedVersion is { } expected)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = expected, NpgsqlDbType = NpgsqlDbType.Bigint });
            }

            return await OutcomeAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<long> UpsertAsync(CollectionInfo collection, StoredDocument document, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, _) =>
        {
            using var command = Command(
                $"INSERT INTO {table} AS d (id, data, mt_json, mt_version) VALUES ($1, $2, $3, 1) ON CONFLICT (id) DO UPDATE "
                + "SET data = excluded.data, mt_json = excluded.mt_json, mt_version = d.mt_version + 1, mt_last_modified = now() RETURNING mt_version",
                connection,
                tx);
            command.Parameters.Add(IdParameter(document.Id));
            command.Parameters.Add(new NpgsqlParameter { Value = document.View, NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter { Value = StoredJson(document), NpgsqlDbType = NpgsqlDbType.Text });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task<WriteOutcome> DeleteAsync(CollectionInfo collection, object id, long? expectedVersion, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, _) =>
        {
            var check = expectedVersion is null ? "" : " AND mt_version = $2";
            using var command = Command(
                $"WITH d AS (DELETE FROM {table} WHERE id = $1{check} RETURNING 1) SELECT EXISTS (SELECT 1 FROM d), EXISTS (SELECT 1 FROM {table} WHERE id = $1)",
                connection,
                tx);
            command.Parameters.Add(IdParameter(id));
            if (expectedVersion is { } expected)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = expected, NpgsqlDbType = NpgsqlDbType.Bigint });
            }

            return await OutcomeAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<long> DeleteManyAsync(CollectionInfo collection, QueryNode where, IEngineTransaction? transaction, CancellationToken cancellationToken)
        => Run(collection, transaction, async (connection, tx, table, collation) =>
        {
            var parameters = new List<NpgsqlParameter>();
            var sql = $"DELETE FROM {table} WHERE " + PostgresSqlWriter.Write(where, parameters, collation);
            using var command = Command(sql, connection, tx, parameters);
            return (long)await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task EnsureIndexAsync(CollectionInfo collection, string name, FieldPath field, bool unique, CancellationToken cancellationToken)
        => Run(collection, null, async (connection, _, table, _) =>
        {
            var expression = field.Kind == ScalarKind.Other ? PostgresSqlWriter.Json(field, PostgresSqlWriter.DocumentRoot) : PostgresSqlWriter.Scalar(field);
            var sql = $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {PostgresNames.Index(table, name)} ON {table} ({expression})";
            using var command = Command(sql, connection, null);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<bool> DropIndexAsync(CollectionInfo collection, string name, CancellationToken cancellationToken)
        => Run(collection, null, async (connection, _, table, _) =>
        {
            var index = PostgresNames.Index(table, name);
            using var exists = Command("SELECT to_regclass($1) IS NOT NULL", connection, null);
            exists.Parameters.Add(new NpgsqlParameter { Value = index, NpgsqlDbType = NpgsqlDbType.Text });
            var existed = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            using var drop = Command($"DROP INDEX IF EXISTS {index}", connection, null);
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return existed;
        }, cancellationToken);

    public Task<string> ExplainAsync(CollectionInfo collection, QueryNode where, CancellationToken cancellationToken)
        => Run(collection, null, async (connection, _, table, collation) =>
        {
            var parameters = new List<NpgsqlParameter>();
            var sql = $"EXPLAIN SELECT mt_json, mt_version FROM {table} WHERE " + PostgresSqlWriter.Write(where, parameters, collation);
            using var command = Command(sql, connection, null, parameters);
            var lines = await PostgresRows.ReadAsync(command, r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            return string.Join('\n', lines);
        }, cancellationToken);

    public async Task<IEngineTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            await ReadyAsync(cancellationToken).ConfigureAwait(false);
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresTransaction(connection, transaction);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && PostgresErrors.Translate(exception) is { } translated)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw Fail(exception, translated);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal static string IdType(DocumentIdKind kind) => kind switch
    {
        DocumentIdKind.Int64 or DocumentIdKind.Int32 => "bigint",
        DocumentIdKind.Guid => "uuid",
        _ => "text",
    };

    /// <summary>Creates the engine's shared objects once and finds a collation for case-insensitive matching; retried after a failure.</summary>
    internal Task<string?> ReadyAsync(CancellationToken cancellationToken)
    {
        lock (_readyLock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = PrepareAsync(cancellationToken);
            }

            return _ready;
        }
    }

    // Rows whose mt_json is empty hold the document once, in data; rows written before that layout always have mt_json.
    private const string DocumentColumn = "CASE WHEN mt_json = '' THEN data::text ELSE mt_json END";

    /// <summary>Gets what goes into <c>mt_json</c>: nothing when <c>data</c> holds the same document (the view is its JSON).</summary>
    /// <remarks>jsonb keeps numbers' values but not a negative zero's sign, so a document with "-0" anywhere keeps its text.</remarks>
    internal static string StoredJson(StoredDocument document)
        => ReferenceEquals(document.Json, document.View) && !document.Json.Contains("-0", StringComparison.Ordinal) ? "" : document.Json;

    /// <summary>
    /// The command of a query, with its parameters. A planned predicate's text is kept per plan, table, page and value kinds (its values
    /// are parameters), so a lookup written once in the code builds its SQL once and Npgsql finds its prepared statement by the same text.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="table">Its table.</param>
    /// <param name="collation">The collation for case-insensitive matching.</param>
    /// <param name="sortById">Leave out <c>ORDER BY id</c>: the caller sorts the rows by id (<see cref="SortsById"/>).</param>
    private NpgsqlCommand FindCommand(DocumentQuerySpec query, string table, string? collation, bool sortById)
    {
        var command = new NpgsqlCommand();
        var parameters = command.Parameters;
        (QueryPlan Plan, string Table, long Variant) key = default;
        if (query is { Plan: { } plan, Where: { } where, Order.Count: 0 })
        {
            var variant = (query.Limit is null ? 0L : 1L) | (query.Skip > 0 ? 2L : 0L) | (sortById ? 4L : 0L);
            var shift = 3;
            if (PostgresSqlWriter.TryParameters(where, parameters, ref variant, ref shift))
            {
                AddPage(query, parameters);
                key = (plan, table, variant);
                if (_findSql.TryGet(key, out var cached))
                {
                    command.CommandText = cached;
                    return command;
                }
            }

            parameters.Clear();
        }

        var sql = new StringBuilder("SELECT ").Append(DocumentColumn).Append(", mt_version");
        sql.Append(sortById ? ", id FROM " : " FROM ").Append(table);
        if (query.Where is not null)
        {
            sql.Append(" WHERE ").Append(PostgresSqlWriter.Write(query.Where, parameters, collation));
        }

        if (!sortById)
        {
            sql.Append(" ORDER BY ");
            foreach (var order in query.Order)
            {
                sql.Append(PostgresSqlWriter.OrderTerm(order)).Append(", ");
            }

            sql.Append("id");
        }

        var whereCount = parameters.Count;
        AddPage(query, parameters);
        if (query.Limit is not null)
        {
            sql.Append(" LIMIT $").Append(whereCount + 1);
        }

        if (query.Skip > 0)
        {
            sql.Append(" OFFSET $").Append(parameters.Count);
        }

        var text = sql.ToString();
        if (key.Plan is not null)
        {
            _findSql.Add(key, text);
        }

        command.CommandText = text;
        return command;
    }

    /// <summary>
    /// Tells whether a query's rows may come back unordered and be sorted by id after reading: every row is then read (no page) in no
    /// other order, and the id is a bigint, whose order .NET and the server agree on. The result is the same list <c>ORDER BY id</c>
    /// gives, without the server's sort step, which a lookup of one row pays in full.
    /// </summary>
    private static bool SortsById(CollectionInfo collection, DocumentQuerySpec query)
        => query is { Order.Count: 0, Limit: null, Skip: 0 } && collection.IdKind is DocumentIdKind.Int64 or DocumentIdKind.Int32;

    private bool IsReady(out string? collation)
    {
        // The engine's shared objects exist (after the first call): the fast paths skip the lock ReadyAsync takes.
        var ready = Volatile.Read(ref _ready);
        collation = ready is { IsCompletedSuccessfully: true } ? ready.Result : null;
        return ready is { IsCompletedSuccessfully: true };
    }

    private static async Task<ReadDocument?> FirstAsync(Task<IReadOnlyList<ReadDocument>?> rows)
        => await rows.ConfigureAwait(false) is [var first, ..] ? first : null;

    /// <summary>
    /// Runs one statement outside a transaction in one async method (the pool's connection, the statement, its rows), with
    /// <see cref="Run"/>'s retry after a dropped table and its error translation; returns the rows, each turned into a <typeparamref name="T"/>
    /// as it is read, or null for a statement without rows (<paramref name="read"/> null). With <paramref name="lend"/>, <paramref name="read"/>
    /// gets each document's UTF-8 in a pooled buffer that is only valid during the call, so it must not keep the <see cref="ReadDocument"/>.
    /// </summary>
    private async Task<IReadOnlyList<T>?> QueryAsync<T>(
        CollectionInfo collection, string table, NpgsqlCommand command, Func<ReadDocument, T>? read, bool lend, bool sortById, CancellationToken cancellationToken)
    {
        using (command)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await EnsureTableAsync(collection, table, cancellationToken).ConfigureAwait(false);
                    var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        command.Connection = connection;
                        if (read is null)
                        {
                            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                            return null;
                        }

                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            // A lookup usually finds one row.
                            var found = new List<T>(1);
                            List<long>? ids = null;
                            long firstId = 0;
                            var sorted = true;
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                found.Add(lend ? ReadLent(reader, read) : read(Read(reader)));
                                if (sortById)
                                {
                                    // Ids are collected once a second row arrives: one row needs no sort.
                                    var id = reader.GetInt64(2);
                                    if (found.Count == 1)
                                    {
                                        firstId = id;
                                        continue;
                                    }

                                    ids ??= [firstId];
                                    sorted &= ids[^1] < id;
                                    ids.Add(id);
                                }
                            }

                            if (!sorted && ids is not null)
                            {
                                // Ids are unique, so the unstable sort gives one order.
                                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids).Sort(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(found));
                            }

                            return found;
                        }
                    }
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable && attempt == 0)
                {
                    // The table was dropped behind the engine's back: create it again once.
                    _tables.TryRemove(table, out _);
                }
                catch (Exception exception) when (exception is not OperationCanceledException && PostgresErrors.Translate(exception) is { } translated)
                {
                    throw Fail(exception, translated);
                }
            }
        }
    }

    /// <summary>Gets a collection's table name and point statements, written once (the same text each call also finds Npgsql's prepared statement).</summary>
    private TableStatements Statements(CollectionInfo collection)
        => _statements.TryGetValue(collection.Name, out var statements) ? statements : _statements.GetOrAdd(collection.Name, static name =>
        {
            var table = PostgresNames.Table(name);
            return new TableStatements(
                table,
                $"SELECT {DocumentColumn}, mt_version FROM {table} WHERE id = $1",
                $"INSERT INTO {table} (id, data, mt_json, mt_version) VALUES ($1, $2, '', 1)",
                $"INSERT INTO {table} (id, data, mt_json, mt_version) VALUES ($1, $2, $3, 1)");
        });

    /// <summary>A single insert: a new document's version is 1, and its mt_json is most often empty, so both are written into the text.</summary>
    private static NpgsqlCommand InsertOneCommand(TableStatements statements, StoredDocument document)
    {
        System.Diagnostics.Debug.Assert(document.Version == 1, "Inserted documents start at version 1.");
        var json = StoredJson(document);
        var command = new NpgsqlCommand(json.Length == 0 ? statements.InsertOne : statements.InsertOneWithJson);
        command.Parameters.Add(IdParameter(document.Id));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = document.View, NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (json.Length > 0)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Text });
        }

        return command;
    }

    private static void AddPage(DocumentQuerySpec query, NpgsqlParameterCollection parameters)
    {
        if (query.Limit is { } limit)
        {
            parameters.Add(new NpgsqlParameter { Value = (long)limit, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        if (query.Skip > 0)
        {
            parameters.Add(new NpgsqlParameter { Value = (long)query.Skip, NpgsqlDbType = NpgsqlDbType.Bigint });
        }
    }

    // The document's UTF-8 bytes as they arrived, deserialised from there: read as a string it was decoded to UTF-16 and the
    // serializer encoded it back. The row is already buffered (not sequential access), so the stream copies from memory.
    private static ReadDocument Read(NpgsqlDataReader reader)
    {
        using var stream = reader.GetStream(0);
        var utf8 = new byte[stream.Length];
        stream.ReadExactly(utf8);
        return new ReadDocument(null, utf8, reader.GetInt64(1));
    }

    private static T ReadLent<T>(NpgsqlDataReader reader, Func<ReadDocument, T> read)
    {
        using var stream = reader.GetStream(0);
        var length = checked((int)stream.Length);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.ReadExactly(buffer, 0, length);
            return read(new ReadDocument(null, buffer.AsMemory(0, length), reader.GetInt64(1)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, List<NpgsqlParameter>? parameters = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (parameters is not null)
        {
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private static NpgsqlParameter IdParameter(object id) => id switch
    {
        long l => new NpgsqlParameter { Value = l, NpgsqlDbType = NpgsqlDbType.Bigint },
        int i => new NpgsqlParameter { Value = (long)i, NpgsqlDbType = NpgsqlDbType.Bigint },
        Guid g => new NpgsqlParameter { Value = g, NpgsqlDbType = NpgsqlDbType.Uuid },
        string s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Text },
        LiteDB.ObjectId o => new NpgsqlParameter { Value = o.ToString(), NpgsqlDbType = NpgsqlDbType.Text },
        _ => throw new ArgumentException($"A {id.GetType().Name} cannot be a document id.", nameof(id)),
    };

    private static NpgsqlParameter IdArrayParameter(DocumentIdKind kind, StoredDocument[] documents) => kind switch
    {
        DocumentIdKind.Int64 or DocumentIdKind.Int32 => new NpgsqlParameter
        {
            Value = documents.Select(d => Convert.ToInt64(d.Id, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        },
        DocumentIdKind.Guid => new NpgsqlParameter { Value = documents.Select(d => (Guid)d.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
        _ => new NpgsqlParameter { Value = documents.Select(d => d.Id.ToString()!).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
    };

    private static async Task<WriteOutcome> OutcomeAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var row = (await PostgresRows.ReadAsync(command, r => (Done: r.GetBoolean(0), Exists: r.GetBoolean(1)), cancellationToken).ConfigureAwait(false))[0];
        return row.Done ? WriteOutcome.Done : row.Exists ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    private async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await CreateAsync($"CREATE TABLE IF NOT EXISTS {PostgresNames.Sequences} (name text COLLATE \"C\" PRIMARY KEY, n bigint NOT NULL)", connection, cancellationToken)
                .ConfigureAwait(false);
            var expected = CaseProbe.ToUpperInvariant();
            foreach (var collation in UpperCollations)
            {
                using var probe = Command(
                    $"SELECT upper($1 COLLATE \"{collation}\")", connection, null);
                probe.Parameters.Add(new NpgsqlParameter { Value = CaseProbe, NpgsqlDbType = NpgsqlDbType.Text });
                try
                {
                    if (await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string upper && upper == expected)
                    {
                        return collation;
                    }
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedObject)
                {
                    // This server has no such collation; try the next.
                }
            }

            return null;
        }
    }

    private static async Task CreateAsync(string sql, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = Command(sql, connection, null);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another process created it at the same moment (IF NOT EXISTS is not atomic against that).
        }
    }

    // The created table's fast path, apart so that it allocates nothing (the creation's closure lives in the slow path).
    private Task EnsureTableAsync(CollectionInfo collection, string table, CancellationToken cancellationToken)
        => _tables.TryGetValue(table, out var created) && created.IsValueCreated && created.Value.IsCompletedSuccessfully
            ? Task.CompletedTask
            : CreateTableAsync(collection, table, cancellationToken);

    private Task CreateTableAsync(CollectionInfo collection, string table, CancellationToken cancellationToken)
    {
        var ensured = _tables.GetOrAdd(table, _ => new Lazy<Task>(async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var idType = IdType(collection.IdKind) + (collection.IdKind is DocumentIdKind.String or DocumentIdKind.ObjectId ? " COLLATE \"C\"" : "");
                await CreateAsync(
                    $"CREATE TABLE IF NOT EXISTS {table} (id {idType} PRIMARY KEY, data jsonb NOT NULL, mt_json text NOT NULL, "
                    + "mt_version bigint NOT NULL, mt_last_modified timestamptz NOT NULL DEFAULT now())",
                    connection,
                    CancellationToken.None).ConfigureAwait(false);
            }
        }));
        var task = ensured.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed creation (an outage) is retried by the next call rather than remembered.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task>>(table, ensured));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<T> Run<T>(
        CollectionInfo collection,
        IEngineTransaction? transaction,
        Func<NpgsqlConnection, NpgsqlTransaction?, string, string?, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var table = Statements(collection).Table;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var collation = await ReadyAsync(cancellationToken).ConfigureAwait(false);
                await EnsureTableAsync(collection, table, cancellationToken).ConfigureAwait(false);
                if (transaction is null)
                {
                    var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        return await work(connection, null, table, collation).ConfigureAwait(false);
                    }
                }

                return await ((PostgresTransaction)transaction).RunAsync((connection, tx) => work(connection, tx, table, collation), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable && attempt == 0 && transaction is null)
            {
                // The table was dropped behind the engine's back: create it again once.
                _tables.TryRemove(table, out _);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && PostgresErrors.Translate(exception) is { } translated)
            {
                throw Fail(exception, translated);
            }
        }
    }

    private Exception Fail(Exception exception, Exception translated)
    {
        if (PostgresErrors.IsOutage(exception))
        {
            // Pooled connections opened before the outage are dead; dropping them lets the next call reconnect at once.
            _dataSource.Clear();
        }

        return translated;
    }
}

internal sealed record TableStatements(string Table, string FindById, string InsertOne, string InsertOneWithJson);
