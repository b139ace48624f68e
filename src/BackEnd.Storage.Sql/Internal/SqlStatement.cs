namespace BackEnd.Storage.Sql.Internal;

// SQL text plus its parameters, whose values are already in the database's representation.
internal readonly record struct SqlStatement(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters);
