using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// What differs between the engines, kept in one small place: value representation, comparisons, ordering of NULLs,
// and which provider errors mean which storage error.
internal abstract class SqlDialect
{
    public abstract SqlDatabaseKind Kind { get; }

    // Microsoft.Data.Sqlite's async methods run synchronously and only add Task overhead; single-row statements on
    // such a driver run through the synchronous API.
    public virtual bool PrefersSynchronousCalls => false;

    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // INSERT of the data columns that hands back the generated key: RETURNING where the engine has it.
    public virtual string InsertReturningKey(string table, string columns, string values, string key)
        => $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {key}";

    public virtual object? ExecuteInsertReturningKey(System.Data.Common.DbCommand command) => command.ExecuteScalar();

    public virtual Task<object?> ExecuteInsertReturningKeyAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
        => command.ExecuteScalarAsync(cancellationToken);

    // Caller SQL. SQLite overrides these so that a write handing back rows (RETURNING) finishes its statement; see there.
    public virtual Task<object?> ExecuteScalarAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
        => command.ExecuteScalarAsync(cancellationToken);

    public virtual Task<int> ExecuteNonQueryAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
        => command.ExecuteNonQueryAsync(cancellationToken);

    // Whether a caller's statement must be read to its end even when the caller wants only its first row.
    public virtual bool MustReadToEnd(System.Data.Common.DbCommand command) => false;

    // INSERT of data, version 1 and key, or on a key conflict an UPDATE of the data with version + 1, handing back the version.
    public virtual string Upsert(string table, IReadOnlyList<string> dataColumns, IReadOnlyList<string> dataParameters, string key, string version)
    {
        var updates = dataColumns.Select(c => $"{c} = excluded.{c}").Append($"{version} = {table}.{version} + 1");
        return $"INSERT INTO {table} ({string.Join(", ", dataColumns.Append(version).Append(key))}) VALUES ({string.Join(", ", dataParameters.Append("1").Append("@k"))}) "
            + $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", updates)} RETURNING {version}";
    }

    public virtual long ExecuteUpsert(System.Data.Common.DbCommand command, string keyColumn)
        => System.Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    public virtual async Task<long> ExecuteUpsertAsync(System.Data.Common.DbCommand command, string keyColumn, CancellationToken cancellationToken)
        => System.Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    // A filter value the engine cannot even compare is the client's mistake (400), not a conflict with stored data.
    public virtual void CheckFilterValue(EntityProperty property, object? value)
    {
    }

    /// <summary>The page clause of a query, naming the parameters <c>@limit</c> and <c>@offset</c>.</summary>
    public virtual string PageClause => " LIMIT @limit OFFSET @offset";

    // Whether a page's row count goes into the text as a literal (see SqlRepository.PageBounds) instead of @limit.
    public virtual bool LiteralPageLimit => false;

    // Whether the entity reader is compiled against the driver's own reader type (see CompiledRowReader.Compile): measured
    // cheaper for Npgsql, whose getters run its generic core; MySqlConnector's getters, inlined so, left three small calls each
    // where its own compiled getter had one, and measured no better.
    public virtual bool TypedEntityReader => false;

    // Engines whose driver ignores cancellation and timeouts mid-statement (SQLite) stop a running statement here.
    public virtual bool NeedsInterrupt => false;

    public virtual void Interrupt(System.Data.Common.DbConnection connection)
    {
    }

    // Whether an exception is the driver's report of an Interrupt.
    public virtual bool IsInterrupt(Exception exception) => false;

    // The column type of a member for CreateTablesFor; key columns of text need a bounded type on some engines.
    public string ColumnType(EntityProperty property, bool isKey)
    {
        var types = Types;
        if (SqlJsonColumns.IsJson(property))
        {
            return types.Json;
        }

        var type = property.ValueType.IsEnum ? Enum.GetUnderlyingType(property.ValueType) : property.ValueType;
        return type switch
        {
            _ when type == typeof(long) || type == typeof(uint) => types.BigInt,
            _ when type == typeof(int) || type == typeof(ushort) => types.Int,
            _ when type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) => types.SmallInt,
            _ when type == typeof(bool) => types.Bool,
            _ when type == typeof(double) => types.Double,
            _ when type == typeof(float) => types.Float,
            _ when type == typeof(decimal) => types.Decimal,
            _ when type == typeof(Guid) => types.Guid,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => types.Instant,
            _ when type == typeof(DateOnly) => types.Date,
            _ when type == typeof(TimeSpan) => types.Time,
            _ when type == typeof(byte[]) => types.Bytes,
            _ => isKey ? types.KeyText : types.Text,
        };
    }

    protected abstract SqlColumnTypes Types { get; }

    // The key column definition of an identity (store-assigned) key.
    public abstract string IdentityKeyColumn(EntityProperty key);

    public virtual string CreateTableSuffix => string.Empty;

    public abstract object ToDbValue(object? value);

    // Converts a non-null database value to a member type; dialects add fast paths for their own representations.
    public virtual object FromDbValue(object value, Type targetType)
        => value.GetType() == targetType ? value : StorageValue.ConvertTo(value, targetType)!;

    // How a column is compared and sorted; SQLite keeps decimals as exact text, so ranges compare them as numbers.
    public virtual string ComparableColumn(EntityProperty property, string column) => column;

    public virtual object ComparableValue(EntityProperty property, object? value) => ToDbValue(value);

    public abstract string EqualIgnoreCase(string column, string parameter);

    // NULL is the smallest value on every provider, as in the in-memory store.
    // canBeNull is false for the key and non-nullable members, whose order needs no NULL placement; PostgreSQL sorts a
    // whole table instead of walking an index when an ORDER BY names a NULL placement the index does not have.
    public abstract string OrderTerm(string expression, bool descending, bool canBeNull);

    public abstract StorageException? Translate(Exception exception);

    // Whether caller SQL may leave state on the session (a setting, a temporary object, a session lock) that a pooled
    // connection would carry to its next user. False positives only cost a reset; BackEnd's own statements never do.
    public abstract bool MayChangeSession(string sql);

    // Whether the database ended the connection's transaction on its own; SQLite rolls back after an interrupted write,
    // a full disk or an I/O error, while PostgreSQL keeps a failed transaction open until it is rolled back.
    public virtual bool TransactionEnded(System.Data.Common.DbConnection connection) => false;

    // Whether a statement failed because a statement prepared on this connection no longer fits the changed schema
    // (PostgreSQL; MySQL and SQLite prepare again on their own). ForgetPrepared drops the connection's prepared statements.
    public virtual bool IsStalePlan(Exception exception) => false;

    public virtual void ForgetPrepared(System.Data.Common.DbConnection connection)
    {
    }
}
