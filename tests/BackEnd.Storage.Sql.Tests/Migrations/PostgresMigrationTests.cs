using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Migrations;

[RequiresEnvironmentVariable(Postgres.PostgresFactAttribute.Variable)]
public sealed class PostgresMigrationTests : MigrationTests
{
    protected override SqlDatabaseKind Kind => SqlDatabaseKind.Postgres;

    [StoreFact]
    public Task Migrate_AnotherNodeMigratingLongerThanCommandTimeout_WaitsForIt() => AssertLockWaitOutlastsCommandTimeoutAsync();

    [StoreFact]
    public Task Migrate_AnotherNodeMigratingPastMigrationLockTimeout_FailsNamingTheLimit() => AssertLockWaitEndsAtMigrationLockTimeoutAsync();
}
