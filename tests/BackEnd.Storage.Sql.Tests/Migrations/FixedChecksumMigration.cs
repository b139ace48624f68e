using BackEnd.Storage.Sql.Migrations;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A C# migration whose checksum is whatever the test says, however short.</summary>
public sealed class FixedChecksumMigration(long version, string checksum) : SqlMigration(version, "fixed_checksum")
{
    public override string Checksum => checksum;

    public override Task ApplyAsync(ISqlExecutor executor, SqlDatabaseKind database, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
