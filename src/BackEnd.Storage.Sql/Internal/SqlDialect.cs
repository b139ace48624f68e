using BackEnd.Storage.Providers;

namespace BackEnd.Storage.Sql.Internal;

// What differs between the engines, kept in one small place: value representation, comparisons, ordering of NULLs,
// and which provider errors mean which storage error.
internal abstract class SqlDialect
{
    public abstract SqlDatabaseKind Kind { get; }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public abstract object ToDbValue(object? value);

    // How a column is compared and sorted; SQLite keeps decimals as exact text, so ranges compare them as numbers.
    public virtual string ComparableColumn(EntityProperty property, string column) => column;

    public virtual object ComparableValue(EntityProperty property, object? value) => ToDbValue(value);

    public abstract string EqualIgnoreCase(string column, string parameter);

    // NULL is the smallest value on every provider, as in the in-memory store.
    public abstract string OrderTerm(string expression, bool descending);

    public abstract StorageException? Translate(Exception exception);
}
