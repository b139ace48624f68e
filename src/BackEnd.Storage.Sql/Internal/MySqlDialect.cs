using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BackEnd.Storage.Providers;
using MySqlConnector;

namespace BackEnd.Storage.Sql.Internal;

internal sealed partial class MySqlDialect : SqlDialect
{
    private const int DuplicateEntry = 1062;
    private const int LockWaitTimeout = 1205;
    private const int Deadlock = 1213;
    private const int NoSuchTable = 1146;
    private const int BadField = 1054;
    private const int UnknownTableInField = 1109;
    private const int NullIntoNotNull = 1048;

    // Strict: a too-long string, an out-of-range number, a zero or invalid date is an error, never a silent truncation.
    // Applied to every new or reset session (see MySqlConnectionSource), with UTC as the session time zone.
    public const string SessionSetup =
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'";

    public static MySqlDialect Instance { get; } = new();

    public override SqlDatabaseKind Kind => SqlDatabaseKind.MySql;

    // As on PostgreSQL (see there): the page's size in the text, one prepared statement per size.
    public override bool LiteralPageLimit => true;

    public override string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public override object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),

        // DATETIME(6) holds no offset: the instant is stored in UTC, as on PostgreSQL.
        DateTimeOffset d => d.UtcDateTime,
        Guid g => g.ToString("D"),
        _ => value,
    };

    public override object FromDbValue(object value, Type targetType)
    {
        if (value is DateTime time && targetType == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
        }

        return base.FromDbValue(value, targetType);
    }

    // MySQL has no RETURNING (MariaDB only from 10.5); the driver reports the AUTO_INCREMENT value of the insert itself.
    public override string InsertReturningKey(string table, string columns, string values, string key)
        => $"INSERT INTO {table} ({columns}) VALUES ({values})";

    public override object? ExecuteInsertReturningKey(System.Data.Common.DbCommand command)
    {
        command.ExecuteNonQuery();
        return ((MySqlCommand)command).LastInsertedId;
    }

    public override async Task<object?> ExecuteInsertReturningKeyAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ((MySqlCommand)command).LastInsertedId;
    }

    // ON DUPLICATE KEY fires on any unique index; the first assignment turns a conflict found on another one (which would
    // update that other row) into an error by writing NULL to the key. LAST_INSERT_ID(expr) hands the new version back in
    // the statement's reply, so no second statement reads it.
    public override string Upsert(string table, IReadOnlyList<string> dataColumns, IReadOnlyList<string> dataParameters, string key, string version)
    {
        var updates = dataColumns.Select(c => $"{c} = VALUES({c})")
            .Prepend($"{key} = IF({key} = VALUES({key}), {key}, NULL)")
            .Append($"{version} = LAST_INSERT_ID({version} + 1)");
        return $"INSERT INTO {table} ({string.Join(", ", dataColumns.Append(version).Append(key))}) VALUES ({string.Join(", ", dataParameters.Append("1").Append("@k"))}) "
            + $"ON DUPLICATE KEY UPDATE {string.Join(", ", updates)}";
    }

    public override long ExecuteUpsert(System.Data.Common.DbCommand command, string keyColumn)
    {
        try
        {
            return UpsertedVersion(command.ExecuteNonQuery(), command);
        }
        catch (MySqlException exception) when (IsConflictOnAnotherKey(exception, keyColumn))
        {
            throw ConflictOnAnotherKey(exception);
        }
    }

    public override async Task<long> ExecuteUpsertAsync(System.Data.Common.DbCommand command, string keyColumn, CancellationToken cancellationToken)
    {
        try
        {
            return UpsertedVersion(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), command);
        }
        catch (MySqlException exception) when (IsConflictOnAnotherKey(exception, keyColumn))
        {
            throw ConflictOnAnotherKey(exception);
        }
    }

    // One affected row: inserted. Two: an existing row was updated (the count with or without UseAffectedRows).
    private static long UpsertedVersion(int affected, System.Data.Common.DbCommand command) => affected == 1 ? 1 : ((MySqlCommand)command).LastInsertedId;

    private static bool IsConflictOnAnotherKey(MySqlException exception, string keyColumn)
        => exception.Number == NullIntoNotNull && exception.Message.Contains($"'{keyColumn}'", StringComparison.Ordinal);

    private static DuplicateKeyException ConflictOnAnotherKey(MySqlException exception)
        => new("Duplicate key: another row already holds one of these values in a unique column.", exception);

    // A key or indexed text needs a bounded length; utf8mb4_bin compares and sorts ordinally, as the other stores do.
    protected override SqlColumnTypes Types { get; } = new(
        "BIGINT", "INT", "SMALLINT", "BOOLEAN", "DOUBLE", "FLOAT", "DECIMAL(38, 10)", "CHAR(36)", "DATETIME(6)", "DATE", "TIME(6)", "LONGBLOB",
        "LONGTEXT COLLATE utf8mb4_bin", "VARCHAR(255) COLLATE utf8mb4_bin", "JSON");

    public override string IdentityKeyColumn(EntityProperty key) => $"{Quote(key.ColumnName)} {ColumnType(key, isKey: true)} AUTO_INCREMENT PRIMARY KEY";

    public override string CreateTableSuffix => " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    // Folds case through the column's collation rules for the lower-cased forms; utf8mb4 folds full Unicode.
    public override string EqualIgnoreCase(string column, string parameter) => $"LOWER({column}) = LOWER({parameter})";

    // MySQL and MariaDB already sort NULL first ascending and last descending: NULL is the smallest value.
    public override string OrderTerm(string expression, bool descending, bool canBeNull) => descending ? expression + " DESC" : expression;

    // SET (session variables, sql_mode), user variables, temporary tables, named locks, LOCK TABLES, USE, PREPARE, CALL, and a
    // transaction begun by caller SQL, which the pool must not hand on open.
    public override bool MayChangeSession(string sql) => SessionStatement().IsMatch(sql);

    public override StorageException? Translate(Exception exception)
    {
        switch (exception)
        {
            case MySqlException mysql when mysql.Number > 0 && mysql.Number < 10000 && mysql.SqlState is { Length: 5 }:
                return TranslateServerError(mysql);
            case MySqlException mysql:
                // Client-side errors: cannot connect, connection lost, command timeout, pool exhausted.
                return new StorageUnavailableException($"The MySQL server cannot be reached or closed the connection ({mysql.ErrorCode}).", mysql);
            case TimeoutException or SocketException or IOException:
                return new StorageUnavailableException("The MySQL server cannot be reached or closed the connection.", exception);
            default:
                return null;
        }
    }

    private static StorageException? TranslateServerError(MySqlException mysql)
    {
        var number = mysql.Number;
        if (number == DuplicateEntry)
        {
            // "Duplicate entry 'value' for key 'name'": the value is left out.
            var key = KeyName().Match(mysql.Message);
            return new DuplicateKeyException($"Duplicate key: unique key '{(key.Success ? key.Groups[1].Value : "?")}'.", mysql);
        }

        if (number is NoSuchTable or BadField or UnknownTableInField)
        {
            var names = QuotedNames().Matches(mysql.Message);
            var first = names.Count > 0 ? names[0].Groups[1].Value : null;
            return number == NoSuchTable
                ? SqlSchemaErrors.Missing(SqlDatabaseKind.MySql, first?[(first.IndexOf('.', StringComparison.Ordinal) + 1)..], null, mysql)
                : SqlSchemaErrors.Missing(SqlDatabaseKind.MySql, null, first, mysql);
        }

        if (number == Deadlock)
        {
            return new ConcurrencyConflictException("Concurrent transactions conflicted: the database chose this one as a deadlock victim and rolled it back.", mysql);
        }

        if (number == LockWaitTimeout)
        {
            return new StorageUnavailableException("A row lock was held by another transaction for longer than the server's lock wait timeout.", mysql);
        }

        var state = mysql.SqlState!;
        if (state.StartsWith("23", StringComparison.Ordinal) || state.StartsWith("22", StringComparison.Ordinal) || number is 1048 or 1366 or 1292 or 1265 or 3819 or 4025)
        {
            // Server messages quote the refused value ("Incorrect integer value: 'abc' for column 'n'"); keep the column only.
            var column = ColumnName().Match(mysql.Message);
            var where = column.Success ? $" for column '{column.Groups[1].Value}'" : string.Empty;
            return new ConstraintViolationException($"The database refused a value{where} (MySQL error {number}, SQLSTATE {state}).", mysql);
        }

        if (state.StartsWith("08", StringComparison.Ordinal) || number is 1040 or 1053 or 2006 or 2013 or 1927)
        {
            return new StorageUnavailableException($"The MySQL server is unavailable (MySQL error {number}).", mysql);
        }

        return null;
    }

    [GeneratedRegex(@"for key '([^']{1,200})'", RegexOptions.CultureInvariant)]
    private static partial Regex KeyName();

    [GeneratedRegex(@"column '([^']{1,200})'", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnName();

    // "Table 'db.todo' doesn't exist", "Unknown column 'x' in 'field list'": identifiers, never values.
    [GeneratedRegex(@"'([^']{1,200})'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedNames();

    [GeneratedRegex(
        @"(^|;)(\s|--[^\n]*(\n|$)|#[^\n]*(\n|$)|/\*.*?\*/)*(SET|USE|PREPARE|LOCK|CALL|BEGIN|START|XA|HANDLER)\b|:=|\b(TEMPORARY|GET_LOCK|sql_mode)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SessionStatement();
}
