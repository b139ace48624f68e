using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

// One column of a compiled row reader: the conversion for values its typed getters do not cover, and the error for a NULL
// in a member that cannot hold one. Name is null for single-value queries, whose column name is read when an error needs it.
internal sealed class RowColumn(string? name, Func<object, string, object?> convert, Func<string, string> nullMessage)
{
    public object? Convert(DbDataReader reader, int ordinal, object value) => convert(value, name ?? reader.GetName(ordinal));

    public InvalidOperationException Null(DbDataReader reader, int ordinal) => new(nullMessage(name ?? reader.GetName(ordinal)));
}
