using System.Globalization;
using BackEnd.Storage.Providers;
using Microsoft.Data.Sqlite;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqliteDialect : SqlDialect
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Constraint = 19;
    private const int NotADatabase = 26;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    private const string InstantFormat = "yyyy'-'MM'-'dd HH':'mm':'ss'.'fffffff'+00:00'";

    public static SqliteDialect Instance { get; } = new();

    public override SqlDatabaseKind Kind => SqlDatabaseKind.Sqlite;

    public override bool PrefersSynchronousCalls => true;

    public override object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),

        // Text forms that sort like the values: lowercase Guids, and instants in UTC with a fixed number of digits.
        Guid g => g.ToString("D"),
        DateTimeOffset d => d.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture),
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

        if (value is string text && targetType == typeof(DateTimeOffset)
            && DateTimeOffset.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        return base.FromDbValue(value, targetType);
    }

    public override string ComparableColumn(EntityProperty property, string column)
        => property.ValueType == typeof(decimal) ? $"CAST({column} AS REAL)" : column;

    public override object ComparableValue(EntityProperty property, object? value)
        => property.ValueType == typeof(decimal) && value is decimal m ? (double)m : ToDbValue(value);

    // SQLite's NOCASE folds ASCII letters only; that is the documented lowest common behaviour.
    public override string EqualIgnoreCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    public override string OrderTerm(string expression, bool descending) => descending ? expression + " DESC" : expression;

    public override StorageException? Translate(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return exception is TimeoutException or IOException ? new StorageUnavailableException("The SQLite database is unavailable.", exception) : null;
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
