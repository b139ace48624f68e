using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Migrations;

public abstract class MigrationTests
{
    protected abstract SqlDatabaseKind Kind { get; }

    // The sequence column records the order the migrations ran in.
    private string CreateLog => Kind == SqlDatabaseKind.Postgres
        ? "CREATE TABLE migration_log (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, step bigint NOT NULL)"
        : "CREATE TABLE migration_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL)";

    [StoreFact]
    public async Task Migrate_RegisteredOutOfOrder_AppliesByAscendingVersion()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using var host = database.Host(new CountingMigration(3), SqlMigration.FromSql(1, "create_log", CreateLog), new CountingMigration(2), new CountingMigration(10));

        await host.StartAsync();
        var steps = await host.Database.QueryAsync<long>("SELECT step FROM migration_log ORDER BY seq");
        var listed = await host.Migrator.ListAsync();

        Assert.Equal([2L, 3L, 10L], steps);
        Assert.Equal([1L, 2L, 3L, 10L], listed.Select(m => m.Version));
        Assert.All(listed, m => Assert.True(m.IsApplied));
    }

    [StoreFact]
    public async Task List_BeforeMigrate_ShowsPendingThenApplied()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using var host = database.Host(SqlMigration.FromSql(1, "create_log", CreateLog), new CountingMigration(2));

        var before = await host.Migrator.ListAsync();
        var applied = await host.Migrator.MigrateAsync();
        var again = await host.Migrator.MigrateAsync();
        var after = await host.Migrator.ListAsync();

        Assert.All(before, m => Assert.False(m.IsApplied));
        Assert.Equal(["create_log", "log_step_2"], applied.Select(m => m.Name));
        Assert.Empty(again);
        Assert.All(after, m => Assert.True(m.IsApplied));
    }

    [StoreFact]
    public async Task Migrate_AppliedMigrationChanged_FailsNamingTheMigration()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using (var first = database.Host(SqlMigration.FromSql(1, "create_log", CreateLog)))
        {
            await first.StartAsync();
        }

        await using var second = database.Host(SqlMigration.FromSql(1, "create_log", CreateLog + " -- edited"), new CountingMigration(2));

        var error = await Assert.ThrowsAsync<SqlMigrationException>(second.StartAsync);

        Assert.Equal("0001_create_log", error.Migration);
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
        Assert.False((await second.Migrator.ListAsync()).Single(m => m.Version == 2).IsApplied);
    }

    [StoreFact]
    public async Task Migrate_FailingMigration_StopsWithNameAndDatabaseMessageAndRollsItBack()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using var host = database.Host(
            SqlMigration.FromSql(1, "create_log", CreateLog),
            SqlMigration.FromSql(2, "broken", "CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);"),
            new CountingMigration(3));

        var error = await Assert.ThrowsAsync<SqlMigrationException>(host.StartAsync);
        var listed = await host.Migrator.ListAsync();
        var halfDone = await host.Database.ExecuteScalarAsync<long>(
            Kind == SqlDatabaseKind.Postgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'half_done'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'");

        Assert.Equal("0002_broken", error.Migration);
        Assert.Contains("0002_broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, false], listed.Select(m => m.IsApplied));
        Assert.Equal(0, halfDone);
    }

    [StoreFact]
    public async Task Migrate_TwoNodesStartingAtOnce_ApplyEachMigrationOnce()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var database = await MigrationDatabase.CreateAsync(Kind);
            SqlMigration[] migrations = [SqlMigration.FromSql(1, "create_log", CreateLog), new CountingMigration(2), new CountingMigration(3), new CountingMigration(4)];
            await using var nodeA = database.Host(migrations);
            await using var nodeB = database.Host(migrations);

            var applied = await Task.WhenAll(Task.Run(() => nodeA.Migrator.MigrateAsync()), Task.Run(() => nodeB.Migrator.MigrateAsync()));

            Assert.Equal(4, applied.Sum(a => a.Count));
            var steps = await nodeA.Database.QueryAsync<long>("SELECT step FROM migration_log ORDER BY step");
            Assert.Equal(new long[] { 2, 3, 4 }, steps);
            Assert.Equal(4, await nodeB.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM __backend_migrations"));
        }
    }

    [StoreFact]
    public async Task Migrate_EmbeddedSqlFiles_AppliesCommonAndOwnDatabaseScripts()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        var migrations = SqlMigration.FromEmbeddedResources(typeof(MigrationTests).Assembly, "Migrations.Scripts");
        await using var host = database.Host([.. migrations]);

        await host.StartAsync();
        await host.Database.ExecuteAsync("INSERT INTO widgets (id, name) VALUES (1, 'w')");

        Assert.Equal(3, migrations.Count);
        Assert.Equal(["create_widgets", "add_widget_color"], (await host.Migrator.ListAsync()).Select(m => m.Name));
        Assert.Equal("red", await host.Database.ExecuteScalarAsync<string>("SELECT color FROM widgets WHERE id = 1"));
    }

    [StoreFact]
    public async Task Migrate_DuplicateVersions_FailsBeforeTouchingTheDatabase()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using var host = database.Host(SqlMigration.FromSql(1, "a", CreateLog), SqlMigration.FromSql(1, "b", CreateLog));

        var error = await Assert.ThrowsAsync<SqlMigrationException>(host.StartAsync);

        Assert.Contains("share version 1", error.Message, StringComparison.Ordinal);
    }
}
