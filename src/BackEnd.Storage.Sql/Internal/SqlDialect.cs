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

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public abstract object ToDbValue(object? value);

    // A typed getter for a member type when the driver converts column values itself (SQLite), saving a box and a
    // conversion per column; null when values must go through GetValue and FromDbValue.
    public virtual Func<System.Data.Common.DbDataReader, int, object>? TypedReader(Type valueType) => null;

    // Converts a non-null database value to a member type; dialects add fast paths for their own representations.
    public virtual object FromDbValue(object value, Type targetType)
        => value.GetType() == targetType ? value : StorageValue.ConvertTo(value, targetType)!;

    // How a column is compared and sorted; SQLite keeps decimals as exact text, so ranges compare them as numbers.
    public virtual string ComparableColumn(EntityProperty property, string column) => column;

    public virtual object ComparableValue(EntityProperty property, object? value) => ToDbValue(value);

    public abstract string EqualIgnoreCase(string column, string parameter);

    // NULL is the smallest value on every provider, as in the in-memory store.
    public abstract string OrderTerm(string expression, bool descending);

    public abstract StorageException? Translate(Exception exception);

    // Whether caller SQL may leave state on the session (a setting, a temporary object, a session lock) that a pooled
    // connection would carry to its next user. False positives only cost a reset; BackEnd's own statements never do.
    public abstract bool MayChangeSession(string sql);

    // Whether the database ended the connection's transaction on its own; SQLite rolls back after an interrupted write,
    // a full disk or an I/O error, while PostgreSQL keeps a failed transaction open until it is rolled back.
    public virtual bool TransactionEnded(System.Data.Common.DbConnection connection) => false;
}
