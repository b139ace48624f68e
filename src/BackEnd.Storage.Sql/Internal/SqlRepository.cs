using System.Globalization;
using System.Text;
using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlRepository<TEntity, TKey> : IRepository<TEntity, TKey>
    where TEntity : class
    where TKey : notnull
{
    private readonly SqlExecutorBase _executor;
    private readonly SqlEntityCommands _commands;
    private readonly EntityDescriptor _descriptor;
    private readonly CursorProtector _cursors;

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

        var parameters = new List<KeyValuePair<string, object>>();
        var where = BuildWhere(resolved, parameters, includeCursor: true);
        var sql = new StringBuilder("SELECT ").Append(_commands.Columns).Append(" FROM ").Append(_commands.Table).Append(where).Append(" ORDER BY ");
        for (var i = 0; i < resolved.Sort.Count; i++)
        {
            var sort = resolved.Sort[i];
            RefuseJson(sort.Property);
            sql.Append(i == 0 ? string.Empty : ", ").Append(Dialect.OrderTerm(Column(sort.Property), sort.Descending, sort.Property != _descriptor.Key && sort.Property.IsNullable));
        }

        sql.Append(" LIMIT @limit OFFSET @offset");
        parameters.Add(new("limit", resolved.Limit + 1));
        parameters.Add(new("offset", resolved.Offset));
        var rows = await _executor.RunAsync(new SqlStatement(sql.ToString(), parameters, Repeated: true), _commands, static async (command, commands, token) =>
        {
            var list = new List<TEntity>();
            var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    list.Add((TEntity)commands.Materialize(reader));
                }
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        long? total = resolved.IncludeTotalCount ? await CountAsync(resolved, cancellationToken).ConfigureAwait(false) : null;
        return resolved.CreatePage(rows, total);
    }

    public ValueTask<long> CountAsync(StorageQuery? query = null, CancellationToken cancellationToken = default)
        => CountAsync(ResolvedQuery.Resolve(_descriptor, query, _cursors), cancellationToken);

    public async ValueTask<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
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
        var parameters = new List<KeyValuePair<string, object>>();
        var sql = $"SELECT COUNT(*) FROM {_commands.Table}{BuildWhere(resolved, parameters, includeCursor: false)}";
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

    private string BuildWhere(ResolvedQuery query, List<KeyValuePair<string, object>> parameters, bool includeCursor)
    {
        var conditions = new List<string>();
        foreach (var filter in query.Filters)
        {
            var property = filter.Property;
            RefuseJson(property);
            var column = Dialect.Quote(property.ColumnName);
            Dialect.CheckFilterValue(property, filter.Value);
            if (filter.Value is null)
            {
                conditions.Add(filter.Operator == FilterOperator.NotEqual ? $"{column} IS NOT NULL" : $"{column} IS NULL");
                continue;
            }

            var parameter = Add(parameters, Dialect.ComparableValue(property, filter.Value));
            var compared = Column(property);
            conditions.Add(filter.Operator switch
            {
                FilterOperator.Equal => $"{compared} = {parameter}",
                FilterOperator.NotEqual => $"{compared} <> {parameter}",
                FilterOperator.LessThan => $"{compared} < {parameter}",
                FilterOperator.LessThanOrEqual => $"{compared} <= {parameter}",
                FilterOperator.GreaterThan => $"{compared} > {parameter}",
                FilterOperator.GreaterThanOrEqual => $"{compared} >= {parameter}",
                FilterOperator.EqualIgnoreCase => Dialect.EqualIgnoreCase(column, parameter),
                _ => throw new InvalidQueryException($"Unknown operator {filter.Operator}."),
            });
        }

        if (includeCursor && query.After is { } after)
        {
            conditions.Add(BuildKeyset(query.Sort, after, parameters));
        }

        return conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
    }

    // (k1 after v1) OR (k1 = v1 AND k2 after v2) OR …, where NULL is the smallest value, matching ORDER BY.
    private string BuildKeyset(IReadOnlyList<ResolvedSort> sort, IReadOnlyList<object?> after, List<KeyValuePair<string, object>> parameters)
    {
        var alternatives = new List<string>();
        var equalities = new List<string>();
        for (var i = 0; i < sort.Count; i++)
        {
            var property = sort[i].Property;
            var column = Column(property);
            var value = after[i];
            string? beyond;
            if (value is null)
            {
                beyond = sort[i].Descending ? null : $"{column} IS NOT NULL";
            }
            else
            {
                var parameter = Add(parameters, Dialect.ComparableValue(property, value));
                beyond = sort[i].Descending ? $"({column} < {parameter} OR {column} IS NULL)" : $"{column} > {parameter}";
            }

            if (beyond is not null)
            {
                alternatives.Add(equalities.Count == 0 ? beyond : $"({string.Join(" AND ", equalities)} AND {beyond})");
            }

            equalities.Add(value is null ? $"{column} IS NULL" : $"{column} = {Add(parameters, Dialect.ComparableValue(property, value))}");
        }

        return alternatives.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", alternatives) + ")";
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
        var name = "q" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.Add(new(name, value));
        return "@" + name;
    }
}
