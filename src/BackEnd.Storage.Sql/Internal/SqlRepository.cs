using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlRepository<TEntity, TKey> : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    // Bounded: shapes come from the application's queries (a resource's filters and sorts), but a client choosing among
    // them could otherwise grow the cache without end.
    private const int MaxShapes = 512;
    private const int MaxShapeLength = 256;

    // Page sizes written into the text as literals (SqlDialect.LiteralPageLimit), per entity type like the shapes: each is one
    // more statement text per shape, prepared on the server, so only the first few sizes seen qualify and any other size
    // is bound as @limit. Sizes are validated integers (1 to MaxPageSize), never caller text.
    internal const int MaxLiteralPageLimits = 16;
    // The default size always qualifies, whatever sizes came first: read with one row more, or exactly when the total says
    // whether a next page exists.
    private static readonly ConcurrentDictionary<int, byte> LiteralPageLimits = new([new(StorageDefaults.PageSize, 0), new(StorageDefaults.PageSize + 1, 0)]);
    private static int _literalPageLimitCount = 2;
    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, 32).Select(i => "q" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly SqlExecutorBase _executor;
    private readonly SqlEntityCommands _commands;
    private readonly EntityDescriptor _descriptor;
    private readonly CursorProtector _cursors;

    // Shared by every instance: the repository is registered transient, so a per-instance cache was empty on every request
    // and each list composed its SQL again (and checked its members' attributes by reflection). The dialect's kind leads
    // the key, as the text depends on it; the table and columns come from the entity type alone (see SqlEntityCommands).
    private static readonly ConcurrentDictionary<string, string> SqlByShape = new(StringComparer.Ordinal);

    public SqlRepository(SqlExecutorBase executor, CursorProtector cursors)
    {
        _executor = executor;
        _cursors = cursors;
        _descriptor = EntityDescriptor.For<TEntity>();
        if (_descriptor.Key.Type != typeof(TKey))
        {
            throw new InvalidOperationException($"The key of {typeof(TEntity).Name} is a {_descriptor.Key.Type.Name}, not a {typeof(TKey).Name}.");
        }

        _commands = SqlEntityCommands.For(_descriptor, executor.Dialect);
    }

    private SqlDialect Dialect => _executor.Dialect;

    public ValueTask<TEntity?> GetAsync(TKey id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var statement = new SqlStatement(_commands.Select, [new("k", Dialect.ToDbValue(id))], Repeated: true);
        return _executor.RunSingleRowAsync(
            statement,
            _commands,
            static (command, commands) =>
            {
                using var reader = command.ExecuteReader();
                return reader.Read() ? (TEntity?)commands.Materialize(reader) : null;
            },
            static async (command, commands, token) =>
            {
                var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(token).ConfigureAwait(false) ? (TEntity?)commands.Materialize(reader) : null;
                }
            },
            cancellationToken);
    }

    public async ValueTask<Page<TEntity>> QueryAsync(StorageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var resolved = ResolvedQuery.Resolve(_descriptor, query, _cursors);
        if (resolved.IsAfterLastPage)
        {
            return resolved.CreatePage(new List<TEntity>(), resolved.IncludeTotalCount ? await CountAsync(resolved, cancellationToken).ConfigureAwait(false) : null);
        }

        // The total rides along as a scalar subquery, which the engines evaluate once: one statement, one connection
        // lease, one round trip instead of two. An empty page carries no row to read it from, so then it is counted apart.
        var shape = resolved.IncludeTotalCount ? ShapeKind.PageWithCount : ShapeKind.Page;
        var parameters = new List<KeyValuePair<string, object>>(ParameterCapacity(resolved, shape) + 2);
        // A page by offset that carries its total needs no extra row to tell whether another follows: the total, read in
        // the same statement (so from the same snapshot), says so. Otherwise one row more than the page is read.
        var totalTellsMore = resolved.IncludeTotalCount && resolved.After is null;
        var take = totalTellsMore ? resolved.Limit : resolved.Limit + 1;
        var bounds = PageBoundsOf(resolved, take);
        var sql = Sql(resolved, shape, bounds, parameters);
        if (bounds.LiteralLimit == 0)
        {
            parameters.Add(new("limit", take));
        }

        if (bounds.BindsOffset)
        {
            parameters.Add(new("offset", resolved.Offset));
        }

        var read = new PageRead(_commands, take, resolved.IncludeTotalCount ? _descriptor.Properties.Count : -1);
        // SQLite's driver runs its asynchronous calls synchronously anyway: read the page with the synchronous calls, as a
        // point read does, without a task per statement and per row.
        var (rows, total) = await _executor.RunSingleRowAsync(new SqlStatement(sql, parameters, Repeated: true), read, ReadPage, ReadPageAsync, cancellationToken).ConfigureAwait(false);

        if (resolved.IncludeTotalCount && total is null)
        {
            // No row: from the first position nothing matches, so the count is 0; past it, the rows may lie before.
            total = resolved.Offset == 0 && resolved.After is null ? 0 : await CountAsync(resolved, cancellationToken).ConfigureAwait(false);
        }

        if (totalTellsMore && rows.Count > 0)
        {
            return resolved.CreatePage<TEntity>(rows, hasMore: resolved.Offset + (long)rows.Count < total, total);
        }

        return resolved.CreatePage(rows, total);
    }

    private static (List<TEntity> Rows, long? Total) ReadPage(System.Data.Common.DbCommand command, PageRead read)
    {
        using var reader = command.ExecuteReader();
        var page = new PageRows(read);
        while (reader.Read())
        {
            page.Add(reader);
        }

        return (page.Rows, page.Total);
    }

    private static async Task<(List<TEntity> Rows, long? Total)> ReadPageAsync(System.Data.Common.DbCommand command, PageRead read, CancellationToken cancellationToken)
    {
        var page = new PageRows(read);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                page.Add(reader);
            }
        }

        return (page.Rows, page.Total);
    }

    public ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default)
        => CountAsync(ResolvedQuery.Resolve(_descriptor, query, _cursors), cancellationToken);

    public ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (_commands.GeneratedInsert is not { } generated || !generated.GeneratesKey(entity))
        {
            return InsertCoreAsync(entity, cancellationToken);
        }

        if (!Dialect.PrefersSynchronousCalls)
        {
            return InsertGeneratedAsync(generated, _descriptor.Clone(entity), cancellationToken);
        }

        // SQLite with a generated key, as in a batch of inserts: the copy's members go straight into the kept command's
        // parameters and the key comes back typed; no task, state machine or parameter list when the lease is at hand.
        var stored = _descriptor.Clone(entity);
        var inserting = _executor.RunNowAsync(
            _commands.InsertGenerated,
            changesSession: false,
            (generated, stored),
            static (command, binding) => binding.generated.Bind(command, binding.stored),
            0,
            static (command, _) => SqliteDialect.InsertReturningInt64Key(command),
            cancellationToken);
        if (!inserting.IsCompletedSuccessfully)
        {
            return CompleteInsertAsync(inserting, generated, stored);
        }

        generated.Complete(stored, inserting.Result);
        return new ValueTask<TEntity>((TEntity)stored);
    }

    private async ValueTask<TEntity> InsertGeneratedAsync(GeneratedKeyInsert generated, object stored, CancellationToken cancellationToken)
    {
        var key = await _executor.RunAsync(
            _commands.InsertGenerated,
            changesSession: false,
            repeated: true,
            (generated, stored),
            static (command, binding) => binding.generated.Bind(command, binding.stored),
            Dialect,
            static (command, dialect, token) => dialect.ExecuteInsertReturningKeyAsync(command, token),
            cancellationToken).ConfigureAwait(false);
        generated.Complete(stored, Convert.ToInt64(key, CultureInfo.InvariantCulture));
        return (TEntity)stored;
    }

    private static async ValueTask<TEntity> CompleteInsertAsync(ValueTask<long> inserting, GeneratedKeyInsert generated, object stored)
    {
        generated.Complete(stored, await inserting.ConfigureAwait(false));
        return (TEntity)stored;
    }

    private async ValueTask<TEntity> InsertCoreAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var stored = _descriptor.Clone(entity);
        var key = _descriptor.Key.GetValue(stored);
        var generated = _descriptor.KeyGeneration == KeyGeneration.Identity && Convert.ToInt64(key, CultureInfo.InvariantCulture) == 0;
        if (_descriptor.KeyGeneration == KeyGeneration.NewGuid && (Guid)key! == Guid.Empty)
        {
            key = Guid.CreateVersion7();
            _descriptor.Key.SetValue(stored, key);
        }

        if (key is null || (key is string text && text.Length == 0))
        {
            throw new ArgumentException($"The key of a {typeof(TEntity).Name} must be set before it is inserted.", nameof(entity));
        }

        var parameters = DataParameters(stored);
        if (generated)
        {
            var id = await _executor.RunSingleRowAsync(new SqlStatement(_commands.InsertGenerated, parameters, Repeated: true), Dialect, InsertReturningKey, InsertReturningKeyAsync, cancellationToken).ConfigureAwait(false);
            _descriptor.Key.SetValue(stored, StorageValue.ConvertTo(id, _descriptor.Key.Type));
        }
        else
        {
            parameters.Add(new("k", Dialect.ToDbValue(key)));
            await _executor.RunSingleRowAsync(new SqlStatement(_commands.InsertWithKey, parameters, Repeated: true), 0, NonQuery, NonQueryAsync, cancellationToken).ConfigureAwait(false);
        }

        _descriptor.Version.SetValue(stored, 1L);
        return (TEntity)stored;
    }

    public async ValueTask<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var stored = _descriptor.Clone(entity);
        var key = _descriptor.Key.GetValue(stored)!;
        var version = (long)_descriptor.Version.GetValue(stored)!;
        var parameters = DataParameters(stored);
        parameters.Add(new("k", Dialect.ToDbValue(key)));
        parameters.Add(new("v", version));
        var changed = await _executor.RunSingleRowAsync(new SqlStatement(_commands.Update, parameters, Repeated: true), 0, NonQuery, NonQueryAsync, cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            await ThrowMissingOrConflictAsync(key, cancellationToken).ConfigureAwait(false);
        }

        _descriptor.Version.SetValue(stored, version + 1);
        return (TEntity)stored;
    }

    public async ValueTask<TEntity> UpsertAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var key = _descriptor.Key.GetValue(entity);
        if ((_descriptor.KeyGeneration == KeyGeneration.Identity && Convert.ToInt64(key, CultureInfo.InvariantCulture) == 0)
            || (_descriptor.KeyGeneration == KeyGeneration.NewGuid && (Guid)key! == Guid.Empty))
        {
            return await InsertAsync(entity, cancellationToken).ConfigureAwait(false);
        }

        if (key is null || (key is string text && text.Length == 0))
        {
            throw new ArgumentException($"The key of a {typeof(TEntity).Name} must be set before it is upserted.", nameof(entity));
        }

        var stored = _descriptor.Clone(entity);
        var parameters = DataParameters(stored);
        parameters.Add(new("k", Dialect.ToDbValue(key)));
        var version = await _executor.RunSingleRowAsync(
            new SqlStatement(_commands.Upsert, parameters, Repeated: true),
            _commands,
            static (command, commands) => commands.Dialect.ExecuteUpsert(command, commands.Descriptor.Key.ColumnName),
            static (command, commands, token) => commands.Dialect.ExecuteUpsertAsync(command, commands.Descriptor.Key.ColumnName, token),
            cancellationToken).ConfigureAwait(false);
        _descriptor.Version.SetValue(stored, version);
        return (TEntity)stored;
    }

    public async ValueTask DeleteAsync(TKey id, long version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var statement = new SqlStatement(_commands.Delete, [new("k", Dialect.ToDbValue(id)), new("v", version)], Repeated: true);
        var changed = await _executor.RunSingleRowAsync(statement, 0, NonQuery, NonQueryAsync, cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            await ThrowMissingOrConflictAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private static object? InsertReturningKey(System.Data.Common.DbCommand command, SqlDialect dialect) => dialect.ExecuteInsertReturningKey(command);

    private static Task<object?> InsertReturningKeyAsync(System.Data.Common.DbCommand command, SqlDialect dialect, CancellationToken cancellationToken)
        => dialect.ExecuteInsertReturningKeyAsync(command, cancellationToken);

    private static int NonQuery(System.Data.Common.DbCommand command, int state) => command.ExecuteNonQuery();

    private static async Task<int> NonQueryAsync(System.Data.Common.DbCommand command, int state, CancellationToken cancellationToken)
        => await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    private async ValueTask<long> CountAsync(ResolvedQuery resolved, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, object>>(ParameterCapacity(resolved, ShapeKind.Count));
        var sql = Sql(resolved, ShapeKind.Count, default, parameters);
        var count = await _executor.RunAsync(new SqlStatement(sql, parameters, Repeated: true), 0, static async (command, _, token) =>
            await command.ExecuteScalarAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    private async ValueTask ThrowMissingOrConflictAsync(object key, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(_commands.VersionOf, [new("k", Dialect.ToDbValue(key))], Repeated: true);
        var current = await _executor.RunAsync(statement, 0, static async (command, _, token) =>
            await command.ExecuteScalarAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (current is null or DBNull)
        {
            throw new EntityNotFoundException($"No {typeof(TEntity).Name} has this key.");
        }

        throw new ConcurrencyConflictException($"The {typeof(TEntity).Name} was changed by someone else since it was read.");
    }

    private List<KeyValuePair<string, object>> DataParameters(object entity)
    {
        var properties = _commands.DataProperties;
        var names = _commands.DataParameterNames;
        var json = _commands.JsonData;
        var parameters = new List<KeyValuePair<string, object>>(properties.Count + 2);
        for (var i = 0; i < properties.Count; i++)
        {
            var value = properties[i].GetValue(entity);
            parameters.Add(new(names[i], json[i] ? SqlJsonColumns.ToParameter(properties[i], value) : Dialect.ToDbValue(value)));
        }

        return parameters;
    }

    private string Column(EntityProperty property) => Dialect.ComparableColumn(property, Dialect.Quote(property.ColumnName));

    // Binds the query's values and returns its SQL text, built once per shape: the same fields, operators, NULL tests,
    // order and cursor NULLs always give the same text, so repeated queries skip composing it, and the lease's cached
    // command (keyed by the text) is found by reference. Shapes that do not fit the key buffer are composed every time.
    private string Sql(ResolvedQuery query, ShapeKind kind, PageBounds bounds, List<KeyValuePair<string, object>> parameters)
    {
        Span<char> buffer = stackalloc char[MaxShapeLength];
        if (!TryWriteShape(query, kind, bounds, buffer, out var length))
        {
            return Compose(query, kind, bounds, parameters, new StringBuilder())!;
        }

        var lookup = SqlByShape.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(buffer[..length], out var cached))
        {
            Compose(query, kind, bounds, parameters, sql: null);
            return cached;
        }

        var sql = Compose(query, kind, bounds, parameters, new StringBuilder())!;
        if (SqlByShape.Count < MaxShapes)
        {
            lookup.TryAdd(buffer[..length], sql);
        }

        return sql;
    }

    private bool TryWriteShape(ResolvedQuery query, ShapeKind kind, PageBounds bounds, Span<char> shape, out int length)
    {
        length = 0;
        var needed = 6 + query.Filters.Count * 3 + query.Sort.Count * 3;
        if (needed > shape.Length)
        {
            return false;
        }

        // The counts first, so member ordinals (written as chars) cannot be mistaken for the separator.
        shape[length++] = (char)('0' + (int)Dialect.Kind);
        shape[length++] = (char)('0' + (int)kind);
        shape[length++] = (char)query.Filters.Count;
        foreach (var filter in query.Filters)
        {
            shape[length++] = (char)(filter.Property.Ordinal + 1);
            shape[length++] = (char)('a' + (int)filter.Operator);
            shape[length++] = filter.Value is null ? 'n' : 'v';
        }

        shape[length++] = '|';
        var after = kind == ShapeKind.Count ? null : query.After;
        for (var i = 0; i < query.Sort.Count; i++)
        {
            shape[length++] = (char)(query.Sort[i].Property.Ordinal + 1);
            shape[length++] = query.Sort[i].Descending ? '-' : '+';
            shape[length++] = after is null ? '_' : after[i] is null ? 'n' : 'v';
        }

        if (kind != ShapeKind.Count && Dialect.LiteralPageLimit)
        {
            // The literal row count (at most MaxPageSize + 1, within a char) and whether an OFFSET is bound.
            shape[length++] = (char)bounds.LiteralLimit;
            shape[length++] = bounds.BindsOffset ? 'o' : '_';
        }

        return true;
    }

    // SQLite keeps its own clause with both bound (see SqliteDialect.PageClause). Elsewhere the row count is a literal when
    // admitted, and a first page (offset 0, as every keyset page is) has no OFFSET at all.
    private PageBounds PageBoundsOf(ResolvedQuery query, int rows)
    {
        if (!Dialect.LiteralPageLimit)
        {
            return new(0, BindsOffset: true);
        }

        var literal = LiteralPageLimits.ContainsKey(rows);
        if (!literal && Volatile.Read(ref _literalPageLimitCount) < MaxLiteralPageLimits)
        {
            // A slot is taken before the size is added, so racing callers never pass the limit.
            if (Interlocked.Increment(ref _literalPageLimitCount) <= MaxLiteralPageLimits && LiteralPageLimits.TryAdd(rows, 0))
            {
                literal = true;
            }
            else
            {
                Interlocked.Decrement(ref _literalPageLimitCount);
            }
        }

        return new(literal || LiteralPageLimits.ContainsKey(rows) ? rows : 0, BindsOffset: query.Offset != 0);
    }

    // The page sizes written into statement texts so far; for tests.
    internal static int LiteralPageLimitCount => LiteralPageLimits.Count;

    private static int ParameterCapacity(ResolvedQuery query, ShapeKind kind) =>
        query.Filters.Count * (kind == ShapeKind.PageWithCount ? 2 : 1) + (kind == ShapeKind.Count ? 0 : 2 * (query.After?.Count ?? 0));

    // Adds the parameters in the order the text names them; with sql null only the parameters (the text is cached).
    private string? Compose(ResolvedQuery query, ShapeKind kind, PageBounds bounds, List<KeyValuePair<string, object>> parameters, StringBuilder? sql)
    {
        if (kind == ShapeKind.Count)
        {
            sql?.Append("SELECT COUNT(*) FROM ").Append(_commands.Table);
            AppendWhere(query, parameters, sql, includeCursor: false);
            return sql?.ToString();
        }

        sql?.Append("SELECT ").Append(_commands.Columns);
        if (kind == ShapeKind.PageWithCount)
        {
            sql?.Append(", (SELECT COUNT(*) FROM ").Append(_commands.Table);
            AppendWhere(query, parameters, sql, includeCursor: false);
            sql?.Append(')');
        }

        sql?.Append(" FROM ").Append(_commands.Table);
        AppendWhere(query, parameters, sql, includeCursor: true);
        if (sql is null)
        {
            return null;
        }

        sql.Append(" ORDER BY ");
        for (var i = 0; i < query.Sort.Count; i++)
        {
            var sort = query.Sort[i];
            RefuseJson(sort.Property);
            sql.Append(i == 0 ? string.Empty : ", ").Append(Dialect.OrderTerm(Column(sort.Property), sort.Descending, sort.Property != _descriptor.Key && sort.Property.IsNullable));
        }

        if (!Dialect.LiteralPageLimit)
        {
            return sql.Append(Dialect.PageClause).ToString();
        }

        sql.Append(" LIMIT ");
        _ = bounds.LiteralLimit == 0 ? sql.Append("@limit") : sql.Append(bounds.LiteralLimit.ToString(CultureInfo.InvariantCulture));
        return (bounds.BindsOffset ? sql.Append(" OFFSET @offset") : sql).ToString();
    }

    private void AppendWhere(ResolvedQuery query, List<KeyValuePair<string, object>> parameters, StringBuilder? sql, bool includeCursor)
    {
        var first = true;
        foreach (var filter in query.Filters)
        {
            var property = filter.Property;
            if (sql is not null)
            {
                // Checked once per shape: a cached text implies its members passed.
                RefuseJson(property);
            }

            Dialect.CheckFilterValue(property, filter.Value);
            sql?.Append(first ? " WHERE " : " AND ");
            first = false;
            if (filter.Value is null)
            {
                sql?.Append(Dialect.Quote(property.ColumnName)).Append(filter.Operator == FilterOperator.NotEqual ? " IS NOT NULL" : " IS NULL");
                continue;
            }

            var parameter = Add(parameters, Dialect.ComparableValue(property, filter.Value));
            if (sql is null)
            {
                continue;
            }

            var compared = Column(property);
            sql.Append(filter.Operator switch
            {
                FilterOperator.Equal => $"{compared} = {parameter}",
                FilterOperator.NotEqual => $"{compared} <> {parameter}",
                FilterOperator.LessThan => $"{compared} < {parameter}",
                FilterOperator.LessThanOrEqual => $"{compared} <= {parameter}",
                FilterOperator.GreaterThan => $"{compared} > {parameter}",
                FilterOperator.GreaterThanOrEqual => $"{compared} >= {parameter}",
                FilterOperator.EqualIgnoreCase => Dialect.EqualIgnoreCase(Dialect.Quote(property.ColumnName), parameter),
                _ => throw new InvalidQueryException($"Unknown operator {filter.Operator}."),
            });
        }

        if (includeCursor && query.After is { } after)
        {
            sql?.Append(first ? " WHERE " : " AND ");
            AppendKeyset(query.Sort, after, parameters, sql);
        }
    }

    // (k1 after v1) OR (k1 = v1 AND k2 after v2) OR …, where NULL is the smallest value, matching ORDER BY.
    private void AppendKeyset(IReadOnlyList<ResolvedSort> sort, IReadOnlyList<object?> after, List<KeyValuePair<string, object>> parameters, StringBuilder? sql)
    {
        var alternatives = sql is null ? null : new List<string>();
        var equalities = sql is null ? null : new List<string>();
        for (var i = 0; i < sort.Count; i++)
        {
            var property = sort[i].Property;
            var column = sql is null ? null : Column(property);
            var value = after[i];
            string? beyond = null;
            if (value is null)
            {
                beyond = sort[i].Descending || sql is null ? null : $"{column} IS NOT NULL";
            }
            else
            {
                var parameter = Add(parameters, Dialect.ComparableValue(property, value));
                beyond = sql is null ? null : sort[i].Descending ? $"({column} < {parameter} OR {column} IS NULL)" : $"{column} > {parameter}";
            }

            if (beyond is not null)
            {
                alternatives!.Add(equalities!.Count == 0 ? beyond : $"({string.Join(" AND ", equalities)} AND {beyond})");
            }

            if (value is null)
            {
                equalities?.Add($"{column} IS NULL");
            }
            else
            {
                var parameter = Add(parameters, Dialect.ComparableValue(property, value));
                equalities?.Add($"{column} = {parameter}");
            }
        }

        sql?.Append(alternatives!.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", alternatives) + ")");
    }

    // jsonb has no order and no equality with text on PostgreSQL, so a JSON member is neither a filter nor a sort, on any engine.
    private static void RefuseJson(EntityProperty property)
    {
        if (SqlJsonColumns.IsJson(property))
        {
            throw new InvalidQueryException($"'{property.Name}' is stored as JSON and cannot be filtered or sorted on.");
        }
    }

    private static string Add(List<KeyValuePair<string, object>> parameters, object value)
    {
        var index = parameters.Count;
        var name = index < ParameterNames.Length ? ParameterNames[index] : "q" + index.ToString(CultureInfo.InvariantCulture);
        parameters.Add(new(name, value));
        return "@" + name;
    }

    // LiteralLimit: the row count written into the text, 0 when it is bound as @limit; BindsOffset: whether @offset is.
    private readonly record struct PageBounds(int LiteralLimit, bool BindsOffset);

    private readonly record struct PageRead(SqlEntityCommands Commands, int Capacity, int CountOrdinal);

    // The rows of a page, and the total from the first row's extra column when the statement carries one.
    private sealed class PageRows(PageRead read)
    {
        private Func<System.Data.Common.DbDataReader, object>? _materialize;

        public List<TEntity> Rows { get; } = new(read.Capacity);

        public long? Total { get; private set; }

        public void Add(System.Data.Common.DbDataReader reader)
        {
            if (read.CountOrdinal >= 0 && Total is null)
            {
                Total = Convert.ToInt64(reader.GetValue(read.CountOrdinal), CultureInfo.InvariantCulture);
            }

            _materialize ??= read.Commands.ReaderFor(reader);
            Rows.Add((TEntity)read.Commands.Materialize(reader, _materialize));
        }
    }

    private enum ShapeKind
    {
        Page,
        PageWithCount,
        Count,
    }
}
