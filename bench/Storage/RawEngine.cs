using System.Data;
using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace BackEnd.Storage.Benchmarks;

// What differs between the three drivers for the baseline: how created_at is bound and read, and how an insert hands
// back its key. Everything else (the SQL, the prepared commands, the loops) is shared by RawDriver.
internal sealed record RawEngine(
    DbType CreatedType,
    Func<DateTimeOffset, object> CreatedValue,
    Func<DbDataReader, int, DateTimeOffset> ReadCreated,
    Func<DbCommand, Task<long>> InsertAsync,
    string InsertSuffix)
{
    public static RawEngine Sqlite { get; } = new(
        DbType.String,
        value => value.UtcDateTime.ToString("yyyy'-'MM'-'dd HH':'mm':'ss'.'fffffff'+00:00'", CultureInfo.InvariantCulture),
        (reader, ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal),
        KeyToEndAsync,
        " RETURNING id");

    public static RawEngine Postgres { get; } = new(
        DbType.DateTimeOffset,
        value => value.ToUniversalTime(),
        (reader, ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal),
        ScalarKeyAsync,
        " RETURNING id");

    public static RawEngine MySql { get; } = new(
        DbType.DateTime,
        value => value.UtcDateTime,
        (reader, ordinal) => new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc)),
        async command =>
        {
            await command.ExecuteNonQueryAsync();
            return ((MySqlCommand)command).LastInsertedId;
        },
        string.Empty);

    // SQLite runs its WAL auto-checkpoint only when a statement finishes, so an INSERT … RETURNING read with ExecuteScalar
    // (which stops at the row) never checkpoints and the log grows without bound. The repository reads to the end; so does this.
    private static async Task<long> KeyToEndAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var key = await reader.ReadAsync() ? reader.GetInt64(0) : throw new InvalidOperationException("no key returned");
        while (await reader.ReadAsync())
        {
        }

        return key;
    }

    private static async Task<long> ScalarKeyAsync(DbCommand command) => (long)(await command.ExecuteScalarAsync())!;
}
