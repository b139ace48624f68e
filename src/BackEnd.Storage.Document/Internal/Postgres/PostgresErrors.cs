using System.Net.Sockets;
using Npgsql;

namespace BackEnd.Storage.Document.Internal.Postgres;

/// <summary>Turns Npgsql's errors into the typed errors callers handle; messages name tables and constraints, never stored values.</summary>
internal static class PostgresErrors
{
    public const string Unreachable = "The PostgreSQL server cannot be reached or closed the connection; the operation may succeed when retried.";

    /// <summary>Whether the error means the connection or server is gone, so idle pooled connections are likely dead too.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    public static Exception? Translate(Exception exception)
    {
        switch (exception)
        {
            case PostgresException postgres:
                var state = postgres.SqlState;
                if (state == PostgresErrorCodes.UniqueViolation)
                {
                    return new DuplicateKeyException($"A document with this id or unique field value already exists (constraint \"{postgres.ConstraintName}\" on \"{postgres.TableName}\").", postgres);
                }

                if (state is PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire or "22P05")
                {
                    return new ArgumentException("The document or value contains a NUL character (\\u0000), which PostgreSQL cannot store in text or jsonb.", postgres);
                }

                if (state is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.NumericValueOutOfRange)
                {
                    return new InvalidOperationException(
                        $"A stored document holds a value of another type than the queried or indexed member (SQLSTATE {state}); documents of one collection must agree on member types.", postgres);
                }

                if (state == PostgresErrorCodes.ProgramLimitExceeded)
                {
                    return new ArgumentException($"PostgreSQL refused the value as too large: {postgres.MessageText}", postgres);
                }

                if (state is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
                {
                    return new ConcurrencyConflictException($"Concurrent transactions conflicted: {postgres.MessageText}", postgres);
                }

                if (state == PostgresErrorCodes.QueryCanceled)
                {
                    return new StorageUnavailableException("The PostgreSQL statement ran past its command timeout and was cancelled.", postgres);
                }

                return IsOutage(postgres) ? new StorageUnavailableException($"The PostgreSQL server is unavailable: {postgres.MessageText}", postgres) : null;
            case NpgsqlException or TimeoutException or SocketException or IOException:
                return new StorageUnavailableException(Unreachable, exception);
            default:
                return null;
        }
    }
}
