using BackEnd.Storage.Sql.Migrations;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A C# migration: inserts its step into the log table through the executor it is given.</summary>
public sealed class CountingMigration(long version) : SqlMigration(version, "log_step_" + version)
{
    public override Task ApplyAsync(ISqlExecutor executor, SqlDatabaseKind database, CancellationToken cancellationToken = default)
        => executor.ExecuteAsync("INSERT INTO migration_log (step) VALUES (@step)", new { step = Version }, cancellationToken).AsTask();
}
