using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Migrations;

public abstract class MigrationTests
{
    protected abstract SqlDatabaseKind Kind { get; }

    // The sequence column records the order the migrations ran in.
    private string CreateLog => Kind switch
    {
        SqlDatabaseKind.Postgres => "CREATE TABLE migration_log (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, step bigint NOT NULL)",
        SqlDatabaseKind.MySql => "CREATE TABLE migration_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, step BIGINT NOT NULL)",
        _ => "CREATE TABLE migration_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, step INTEGER NOT NULL)",
    };

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
        var halfDone = await host.Database.ExecuteScalarAsync<long>(Kind switch
        {
            SqlDatabaseKind.Postgres => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'half_done'",
            SqlDatabaseKind.MySql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'half_done'",
            _ => "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'",
        });

        Assert.Equal("0002_broken", error.Migration);
        Assert.Contains("0002_broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, false], listed.Select(m => m.IsApplied));

        // MySQL/MariaDB commit DDL implicitly, so the table a failed migration created stays (README: one DDL statement per migration).
        Assert.Equal(Kind == SqlDatabaseKind.MySql ? 1 : 0, halfDone);
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

        Assert.Equal(4, migrations.Count);
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

    [StoreFact]
    public async Task Migrate_ShortChecksumChanged_FailsWithMigrationExceptionShowingBoth()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        await using (var first = database.Host(new FixedChecksumMigration(1, "abc")))
        {
            await first.StartAsync();
        }

        await using var second = database.Host(new FixedChecksumMigration(1, "abd"));

        var error = await Assert.ThrowsAsync<SqlMigrationException>(second.StartAsync);

        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'abd'", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task CreateTablesFor_MissingTable_CreatesItOnceAndRepositoriesWork()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        var item = new Features.Prototype
        {
            Title = "first", Count = 3, Price = 12345.6789m, Done = true, DueAt = new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Reference = Guid.NewGuid(), Status = ContractStatus.Archived, Data = [1, 2, 3],
        };
        long id;
        await using (var first = database.Host(o => o.CreateTablesFor<Features.Prototype>()))
        {
            await first.StartAsync();
            id = (await first.Store.GetRepository<Features.Prototype, long>().InsertAsync(item)).Id;
        }

        await using var second = database.Host(o => o.CreateTablesFor<Features.Prototype>());
        await second.StartAsync();
        var read = await second.Store.GetRepository<Features.Prototype, long>().GetAsync(id);
        var missingTitle = await Assert.ThrowsAnyAsync<StorageException>(async () =>
            await second.Database.ExecuteAsync("INSERT INTO prototypes (title, count, price, done, due_at, reference, status, version) VALUES (NULL, 1, 1, @done, @at, @r, 1, 1)",
                new { done = true, at = DateTimeOffset.UnixEpoch, r = Guid.NewGuid() }));

        Assert.NotNull(read);
        Assert.Equal("first", read.Title);
        Assert.Null(read.Note);
        Assert.Equal(12345.6789m, read.Price);
        Assert.True(read.Done);
        Assert.Equal(item.DueAt, read.DueAt);
        Assert.Equal(item.Reference, read.Reference);
        Assert.Equal(ContractStatus.Archived, read.Status);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Data);
        Assert.Equal(StorageErrorKind.ConstraintViolation, missingTitle.Kind);
    }

    // For the servers, where another node holds the lock: the wait is bounded by MigrationLockTimeout, not CommandTimeout.
    protected async Task AssertLockWaitOutlastsCommandTimeoutAsync()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        var gate = new GateMigration(1);
        await using var nodeA = database.Host(gate);
        await using var nodeB = database.Host(o => o.CommandTimeout = TimeSpan.FromSeconds(1), new GateMigration(1));
        var migratingA = Task.Run(() => nodeA.Migrator.MigrateAsync());
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var migratingB = Task.Run(() => nodeB.Migrator.MigrateAsync());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        gate.Gate.SetResult();

        Assert.Single(await migratingA);
        Assert.Empty(await migratingB);
    }

    protected async Task AssertLockWaitEndsAtMigrationLockTimeoutAsync()
    {
        await using var database = await MigrationDatabase.CreateAsync(Kind);
        var gate = new GateMigration(1);
        await using var nodeA = database.Host(gate);
        await using var nodeB = database.Host(o => o.MigrationLockTimeout = TimeSpan.FromSeconds(1), new GateMigration(1));
        var migratingA = Task.Run(() => nodeA.Migrator.MigrateAsync());
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<SqlMigrationException>(() => nodeB.Migrator.MigrateAsync());
        gate.Gate.SetResult();

        Assert.Contains("MigrationLockTimeout", error.Message, StringComparison.Ordinal);
        Assert.Single(await migratingA);
    }
}
