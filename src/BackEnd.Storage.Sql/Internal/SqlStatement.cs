namespace BackEnd.Storage.Sql.Internal;

// SQL text plus its parameters, whose values are already in the database's representation. ChangesSession marks caller
// SQL that may leave session state (settings, temporary objects, locks) on the connection, which must not reach the next user.
// Repeated marks BackEnd's own statements, whose few distinct texts run again and again: worth preparing on the server; their
// text names every parameter @name.
internal readonly record struct SqlStatement(
    string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters, bool ChangesSession = false, bool Repeated = false);
