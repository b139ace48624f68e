using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Sql.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Opened SQLite database {Path} (WAL, synchronous={Synchronous})")]
    public static partial void SqliteOpened(ILogger logger, string path, SqliteSynchronousMode synchronous);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "The SQLite database file {Path} is missing; operations fail until it returns")]
    public static partial void SqliteFileMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Applying migration {Migration}")]
    public static partial void MigrationApplying(ILogger logger, string migration);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMilliseconds} ms")]
    public static partial void MigrationApplied(ILogger logger, string migration, long elapsedMilliseconds);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Debug, Message = "The {Database} database is up to date ({Count} migrations)")]
    public static partial void MigrationsUpToDate(ILogger logger, SqlDatabaseKind database, int count);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Migration {Migration} failed")]
    public static partial void MigrationFailed(ILogger logger, string migration, Exception exception);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning,
        Message = "No migrations found in {Source}: embed the .sql files with <EmbeddedResource Include=\"Migrations/*.sql\" /> in the project file")]
    public static partial void NoMigrationsFound(ILogger logger, string source);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning,
        Message = "Ensured the table of {Entity} in the {Database} database (CreateTablesFor, for prototypes: write a migration before data matters)")]
    public static partial void TableEnsured(ILogger logger, string entity, SqlDatabaseKind database);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "Waiting for another node to finish migrating the {Database} database")]
    public static partial void WaitingForMigrationLock(ILogger logger, SqlDatabaseKind database);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "The {Database} database is unavailable")]
    public static partial void DatabaseUnavailable(ILogger logger, SqlDatabaseKind database, Exception exception);
}
