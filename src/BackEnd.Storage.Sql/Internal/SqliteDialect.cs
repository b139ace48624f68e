using System.Globalization;
using System.Text.RegularExpressions;
using BackEnd.Storage.Providers;
using Microsoft.Data.Sqlite;

namespace BackEnd.Storage.Sql.Internal;

internal sealed partial class SqliteDialect : SqlDialect
{
    private const int Error = 1;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int Interrupted = 9;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Constraint = 19;
    private const int NotADatabase = 26;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public static SqliteDialect Instance { get; } = new();

    public override SqlDatabaseKind Kind => SqlDatabaseKind.Sqlite;

    public override bool PrefersSynchronousCalls => true;

    // SQLite runs its WAL auto-checkpoint when a statement finishes (steps to SQLITE_DONE), never when one is reset. An
    // INSERT/UPSERT ... RETURNING read with ExecuteScalar stops at its row, so a pool whose writes all return a value never
    // checkpointed: the WAL grew without bound and every read slowed as it grew. These read to the statement's end.
    public override object? ExecuteInsertReturningKey(System.Data.Common.DbCommand command) => ScalarToEnd(command);

    public override Task<object?> ExecuteInsertReturningKeyAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
        => ScalarToEndAsync(command, cancellationToken);

    public override long ExecuteUpsert(System.Data.Common.DbCommand command, string keyColumn)
        => Convert.ToInt64(ScalarToEnd(command), CultureInfo.InvariantCulture);

    public override async Task<long> ExecuteUpsertAsync(System.Data.Common.DbCommand command, string keyColumn, CancellationToken cancellationToken)
        => Convert.ToInt64(await ScalarToEndAsync(command, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    // The generated key of InsertReturningKey's statement, read typed (not boxed) and to the statement's end, as above.
    internal static long InsertReturningInt64Key(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var key = reader.Read() ? reader.GetInt64(0) : throw new InvalidOperationException("The insert returned no key.");
        while (reader.Read())
        {
        }

        return key;
    }

    private static object? ScalarToEnd(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var value = reader.Read() ? reader.GetValue(0) : null;
        while (reader.Read())
        {
        }

        return value;
    }

    private static async Task<object?> ScalarToEndAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var value = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            return value;
        }
    }

    // The same for caller SQL, which may be a large SELECT the caller stops reading early: only a statement that names
    // RETURNING (a write handing back rows; no other statement both writes and yields rows) is read to its end. A SELECT
    // that merely mentions the word is read to its end too, which costs time but changes nothing.
    public override bool MustReadToEnd(System.Data.Common.DbCommand command)
        => command.CommandText.Contains("RETURNING", StringComparison.OrdinalIgnoreCase);

    public override Task<object?> ExecuteScalarAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
        => MustReadToEnd(command) ? ScalarToEndAsync(command, cancellationToken) : command.ExecuteScalarAsync(cancellationToken);

    public override async Task<int> ExecuteNonQueryAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        if (!MustReadToEnd(command))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        return reader.RecordsAffected;
    }

    // SQLite (3.45 and later) plans a bare bound LIMIT by its value, so every new binding discards the prepared plan and
    // the statement is parsed again on each run; an expression keeps the plan.
    public override string PageClause => " LIMIT @limit + 0 OFFSET @offset + 0";

    public override bool NeedsInterrupt => true;

    // sqlite3_interrupt is the one SQLite call documented as safe from another thread while a statement runs.
    public override void Interrupt(System.Data.Common.DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_interrupt(handle);
        }
    }

    public override bool IsInterrupt(Exception exception) => exception is SqliteException { SqliteErrorCode: Interrupted };

    // Decimals and instants are text in the exact, ordered forms ToDbValue writes; every integer is INTEGER.
    protected override SqlColumnTypes Types { get; } = new(
        "INTEGER", "INTEGER", "INTEGER", "INTEGER", "REAL", "REAL", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "BLOB", "TEXT", "TEXT", "TEXT");

    public override string IdentityKeyColumn(EntityProperty key) => $"{Quote(key.ColumnName)} INTEGER PRIMARY KEY";

    public override object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),

        // Text forms that sort like the values: lowercase Guids, and instants in UTC with a fixed number of digits.
        Guid g => g.ToString("D"),
        DateTimeOffset d => FormatInstant(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => value,
    };

    public override object FromDbValue(object value, Type targetType)
    {
        if (value.GetType() == targetType)
        {
            return value;
        }

        // SQLite has one integer type and stores instants as text in the format ToDbValue writes.
        if (value is long number && targetType == typeof(int))
        {
            return checked((int)number);
        }

        if (value is string text && targetType == typeof(DateTimeOffset) && TryParseInstant(text, out var instant))
        {
            return instant;
        }

        return base.FromDbValue(value, targetType);
    }

    // Writes "2024-01-02 03:04:05.1234567+00:00": UTC, fixed width, so text order is time order. Hand-formatted because
    // the general formatter costs as much as the rest of an insert.
    internal static string FormatInstant(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return string.Create(33, utc, static (span, time) =>
        {
            Write(span[..4], time.Year);
            span[4] = '-';
            Write(span.Slice(5, 2), time.Month);
            span[7] = '-';
            Write(span.Slice(8, 2), time.Day);
            span[10] = ' ';
            Write(span.Slice(11, 2), time.Hour);
            span[13] = ':';
            Write(span.Slice(14, 2), time.Minute);
            span[16] = ':';
            Write(span.Slice(17, 2), time.Second);
            span[19] = '.';
            Write(span.Slice(20, 7), (int)(time.Ticks % TimeSpan.TicksPerSecond));
            "+00:00".AsSpan().CopyTo(span[27..]);
        });

        static void Write(Span<char> destination, int value)
        {
            for (var i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    // Reads exactly the fixed-width form ToDbValue writes ("2024-01-02 03:04:05.1234567+00:00"); anything else falls
    // back to the general parser. The general parser costs more than the rest of a point read.
    internal static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length != 33 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || !text.EndsWith("+00:00", StringComparison.Ordinal))
        {
            return false;
        }

        var span = text.AsSpan();
        if (!int.TryParse(span[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(span[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(span[8..10], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(span[11..13], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(span[14..16], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !int.TryParse(span[17..19], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
            || !long.TryParse(span[20..27], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year is >= 1 and <= 9999 ? year : 1, month)
            || hour > 23 || minute > 59 || second > 59 || year is < 1 or > 9999)
        {
            return false;
        }

        instant = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }

    public override string ComparableColumn(EntityProperty property, string column)
        => property.ValueType == typeof(decimal) ? $"CAST({column} AS REAL)" : column;

    public override object ComparableValue(EntityProperty property, object? value)
        => property.ValueType == typeof(decimal) && value is decimal m ? (double)m : ToDbValue(value);

    // SQLite's NOCASE folds ASCII letters only; that is the documented lowest common behaviour.
    public override string EqualIgnoreCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    public override string OrderTerm(string expression, bool descending, bool canBeNull) => descending ? expression + " DESC" : expression;

    public override bool TransactionEnded(System.Data.Common.DbConnection connection)
        => connection is SqliteConnection { State: System.Data.ConnectionState.Open } sqlite && SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle) != 0;

    // PRAGMAs (foreign_keys, query_only, …), attached databases and temporary objects live on the connection.
    public override bool MayChangeSession(string sql) => SessionStatement().IsMatch(sql);

    public override StorageException? Translate(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return exception is TimeoutException or IOException ? new StorageUnavailableException("The SQLite database is unavailable.", exception) : null;
        }

        if (sqlite.SqliteErrorCode == Error && MissingSchema(sqlite) is { } missing)
        {
            return missing;
        }

        return sqlite.SqliteErrorCode switch
        {
            Constraint when sqlite.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey
                => new DuplicateKeyException($"Duplicate key: {Describe(sqlite)}", sqlite),
            Constraint => new ConstraintViolationException($"Constraint violated: {Describe(sqlite)}", sqlite),
            Busy or Locked => new StorageUnavailableException($"The SQLite database is locked by another connection or process: {Describe(sqlite)}", sqlite),
            ReadOnly or CantOpen or IoError or Corrupt or Full or NotADatabase
                => new StorageUnavailableException($"The SQLite database cannot be used: {Describe(sqlite)}", sqlite),
            _ => null,
        };
    }

    // "no such table: todo", "no such column: x", "table todo has no column named x": the schema is behind the code.
    private static SchemaMismatchException? MissingSchema(SqliteException exception)
    {
        var match = MissingSchemaMessage().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var table = match.Groups["table"].Success ? match.Groups["table"].Value : null;
        var column = match.Groups["column"].Success ? match.Groups["column"].Value : null;
        return SqlSchemaErrors.Missing(SqlDatabaseKind.Sqlite, table, column, exception);
    }

    [GeneratedRegex(@"no such table: (?<table>[^\s']+)|no such column: (?<column>[^\s']+)|table (?<table>\S+) has no column named (?<column>[^\s']+)", RegexOptions.CultureInvariant)]
    private static partial Regex MissingSchemaMessage();

    [GeneratedRegex(@"\b(PRAGMA|ATTACH|DETACH|TEMP|TEMPORARY|load_extension)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionStatement();

    // SQLite's messages name tables and columns ("UNIQUE constraint failed: users.email"), never values.
    private static string Describe(SqliteException exception)
    {
        var message = exception.Message;
        const string Prefix = "SQLite Error ";
        if (message.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            message = colon > 0 ? message[(colon + 2)..] : message;
        }

        return message.TrimEnd('.', '\'', ' ').Trim('\'');
    }
}
