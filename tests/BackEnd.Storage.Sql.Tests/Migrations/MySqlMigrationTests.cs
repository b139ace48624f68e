using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Migrations;

[RequiresEnvironmentVariable(MySql.MySqlFactAttribute.Variable)]
public sealed class MySqlMigrationTests : MigrationTests
{
    protected override SqlDatabaseKind Kind => SqlDatabaseKind.MySql;

    [StoreFact]
    public Task Migrate_AnotherNodeMigratingLongerThanCommandTimeout_WaitsForIt() => AssertLockWaitOutlastsCommandTimeoutAsync();

    [StoreFact]
    public Task Migrate_AnotherNodeMigratingPastMigrationLockTimeout_FailsNamingTheLimit() => AssertLockWaitEndsAtMigrationLockTimeoutAsync();
}
