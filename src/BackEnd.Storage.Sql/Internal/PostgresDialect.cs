using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace BackEnd.Storage.Sql.Internal;

internal sealed partial class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override SqlDatabaseKind Kind => SqlDatabaseKind.Postgres;

    public override object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture),

        // timestamptz accepts only UTC offsets through Npgsql; the instant is what is stored either way.
        DateTimeOffset d => d.ToUniversalTime(),
        _ => value,
    };

    public override string EqualIgnoreCase(string column, string parameter) => $"lower({column}) = lower({parameter})";

    public override string OrderTerm(string expression, bool descending)
        => descending ? expression + " DESC NULLS LAST" : expression + " ASC NULLS FIRST";

    // SET/RESET starting a statement (not UPDATE … SET), set_config, temporary objects, LISTEN, session advisory locks,
    // prepared statements, cursors WITH HOLD, and procedures or DO blocks, whose bodies cannot be seen from here.
    // A function called from SELECT that changes settings itself is not seen: such applications turn the reset back on.
    public override bool MayChangeSession(string sql) => SessionStatement().IsMatch(sql);

    public override StorageException? Translate(Exception exception)
    {
        switch (exception)
        {
            case PostgresException postgres:
                var state = postgres.SqlState;

                // Detail is left out: it quotes the offending values ("Key (email)=(…) already exists").
                if (state == PostgresErrorCodes.UniqueViolation)
                {
                    return new DuplicateKeyException($"Duplicate key: unique constraint \"{postgres.ConstraintName}\" on \"{postgres.TableName}\".", postgres);
                }

                if (state.StartsWith("23", StringComparison.Ordinal))
                {
                    // Integrity messages name the relation, column and constraint, never the row's values.
                    return new ConstraintViolationException($"The database refused a value: {postgres.MessageText}", postgres);
                }

                if (state.StartsWith("22", StringComparison.Ordinal))
                {
                    return new ConstraintViolationException($"The database refused a value (SQLSTATE {state}): {WithoutValue(postgres.MessageText)}", postgres);
                }

                if (state is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
                {
                    return new ConcurrencyConflictException($"Concurrent transactions conflicted: {postgres.MessageText}", postgres);
                }

                if (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57", StringComparison.Ordinal)
                    || state.StartsWith("53", StringComparison.Ordinal) || state == PostgresErrorCodes.CannotConnectNow)
                {
                    return new StorageUnavailableException($"The PostgreSQL server is unavailable: {postgres.MessageText}", postgres);
                }

                return null;
            case NpgsqlException npgsql:
                return new StorageUnavailableException("The PostgreSQL server cannot be reached or closed the connection.", npgsql);
            case TimeoutException or SocketException or IOException:
                return new StorageUnavailableException("The PostgreSQL server cannot be reached or closed the connection.", exception);
            default:
                return null;
        }
    }

    [GeneratedRegex(
        @"(^|;)(\s|--[^\n]*(\n|$)|/\*.*?\*/)*(SET|RESET)\b|\b(set_config|DISCARD|LISTEN|PREPARE|DECLARE|TEMP|TEMPORARY|LOAD|CALL|pg_(try_)?advisory_lock(_shared)?)\b|\bDO\s+(\$|')",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SessionStatement();

    // Data-exception messages quote the refused input ('invalid input syntax for type integer: "…"',
    // 'value "…" is out of range for type integer'); keep only the text before the first quote or colon.
    private static string WithoutValue(string message)
    {
        var end = message.AsSpan().IndexOfAny('"', ':');
        return end < 0 ? message : string.Concat(message.AsSpan(0, end).TrimEnd(), " (value omitted)");
    }
}
