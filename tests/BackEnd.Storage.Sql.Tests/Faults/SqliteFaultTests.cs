using BackEnd.Diagnostics;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Sql.Tests.Faults;

public sealed class SqliteFaultTests : IDisposable
{
    private static readonly SqlMigration Schema = SqlMigration.FromSql(1, "tickets", "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT NOT NULL, version INTEGER NOT NULL)");

    private readonly TempDirectory _directory = new();

    private string DatabaseFile => _directory.File("faults.db");

    public void Dispose() => _directory.Dispose();

    private Task<SqlStoreHost> StartAsync(Action<SqlStorageOptions>? configure = null) => SqlStoreHost.StartAsync(o =>
    {
        o.UseSqlite($"Data Source={DatabaseFile}").AddMigration(Schema);
        o.FileCheckInterval = TimeSpan.Zero;
        configure?.Invoke(o);
    });

    [Theory]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    public async Task Open_AnyConnection_AppliesSafetyPragmas(SqliteSynchronousMode mode, long expectedSynchronous)
    {
        await using var host = await StartAsync(o => o.SqliteSynchronous = mode);

        var journal = await host.Database.ExecuteScalarAsync<string>("PRAGMA journal_mode");
        var foreignKeys = await host.Database.ExecuteScalarAsync<long>("PRAGMA foreign_keys");
        var synchronous = await host.Database.ExecuteScalarAsync<long>("PRAGMA synchronous");
        var busyTimeout = await host.Database.ExecuteScalarAsync<long>("PRAGMA busy_timeout");

        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.Equal(expectedSynchronous, synchronous);
        Assert.Equal(5000, busyTimeout);
    }

    [Fact]
    public async Task Start_FolderNotWritable_FailsWithClearError()
    {
        var blocker = _directory.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be");
        var path = Path.Combine(blocker, "app.db");
        await using var host = SqlStoreHost.Create(o => o.UseSqlite($"Data Source={path};Password=hunter2"));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(host.StartAsync);

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("writable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operation_DatabaseFileDeleted_IsUnavailableThenRecoversWhenRestored()
    {
        await using var host = await StartAsync();
        var tickets = host.Store.GetRepository<Ticket, long>();
        var saved = await tickets.InsertAsync(new Ticket { Title = "kept" });
        var backup = _directory.File("backup.db");
        await host.Database.ExecuteAsync("VACUUM INTO @backup", new { backup });

        foreach (var file in Directory.GetFiles(_directory.Path, "faults.db*"))
        {
            File.Delete(file);
        }

        var whileMissing = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await tickets.GetAsync(saved.Id));
        var stillMissing = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await tickets.InsertAsync(new Ticket { Title = "lost" }));
        var health = await host.Services.GetServices<IHealthCheck>().Single().CheckAsync();
        File.Copy(backup, DatabaseFile);
        var afterRestore = await tickets.GetAsync(saved.Id);

        Assert.Equal(StorageErrorKind.Unavailable, whileMissing.Kind);
        Assert.Equal(StorageErrorKind.Unavailable, stillMissing.Kind);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("kept", afterRestore?.Title);
        Assert.False(File.Exists(DatabaseFile) && new FileInfo(DatabaseFile).Length == 0);
    }

    [Fact]
    public async Task Operation_DatabaseLockedByAnotherConnection_IsUnavailableThenRecovers()
    {
        await using var host = await StartAsync(o =>
        {
            o.BusyTimeout = TimeSpan.FromMilliseconds(50);
            o.CommandTimeout = TimeSpan.FromSeconds(1);
        });
        var tickets = host.Store.GetRepository<Ticket, long>();
        var saved = await tickets.InsertAsync(new Ticket { Title = "before lock" });
        await using var intruder = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        await intruder.OpenAsync();
        await using (var lockCommand = new SqliteCommand("BEGIN EXCLUSIVE", intruder))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        var whileLocked = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await tickets.InsertAsync(new Ticket { Title = "while locked" }));
        await using (var unlockCommand = new SqliteCommand("COMMIT", intruder))
        {
            await unlockCommand.ExecuteNonQueryAsync();
        }

        var afterUnlock = await tickets.InsertAsync(new Ticket { Title = "after unlock" });

        Assert.Contains("locked", whileLocked.Message, StringComparison.Ordinal);
        Assert.NotEqual(saved.Id, afterUnlock.Id);
        Assert.Equal(2, await tickets.CountAsync());
    }

    [Fact]
    public async Task Health_DatabaseOpen_IsHealthy()
    {
        await using var host = await StartAsync();

        var result = await host.Services.GetServices<IHealthCheck>().Single().CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }
}
