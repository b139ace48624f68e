using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Faults;
using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

/// <summary>SQLite checkpoints its write-ahead log while the repository writes, so the log stays bounded.</summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private static readonly SqlMigration Schema = SqlMigration.FromSql(
        1, "tickets", "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT NOT NULL, version INTEGER NOT NULL)");

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("insert")]
    [InlineData("upsert")]
    public async Task Writes_ManyMoreThanTheAutoCheckpointInterval_ReachTheDatabaseFileAndTheLogStaysBounded(string write)
    {
        var file = _directory.File("checkpoint.db");
        await using var host = await SqlStoreHost.StartAsync(o =>
        {
            o.UseSqlite($"Data Source={file}");
            o.Migrations.Add(Schema);
        });
        var tickets = host.Database.GetRepository<Ticket, long>();

        // Each write commits at least one page to the log; SQLite checkpoints every 1,000 pages by default.
        const int Writes = 3000;
        for (var i = 0; i < Writes; i++)
        {
            var title = "ticket " + i;
            _ = write == "insert"
                ? await tickets.InsertAsync(new Ticket { Title = title })
                : await tickets.UpsertAsync(new Ticket { Id = i + 1, Title = title });
        }

        // Without checkpoints every page stays in the log (≥ 3,000 × 4 KiB) and the database file keeps only its first pages.
        var log = new FileInfo(file + "-wal");
        Assert.True(log.Length < 8 * 1024 * 1024, $"write-ahead log {log.Length:N0} bytes after {Writes} writes");
        Assert.True(new FileInfo(file).Length > 16 * 1024, $"database file {new FileInfo(file).Length:N0} bytes after {Writes} writes");
        Assert.Equal(Writes, await host.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tickets"));
    }
}
