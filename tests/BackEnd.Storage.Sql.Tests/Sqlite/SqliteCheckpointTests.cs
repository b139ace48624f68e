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

    private static Task<SqlStoreHost> StartAsync(string file) => SqlStoreHost.StartAsync(o =>
    {
        o.UseSqlite($"Data Source={file}");
        o.Migrations.Add(Schema);
    });

    [Theory]
    [InlineData("insert")]
    [InlineData("upsert")]
    public async Task Writes_ManyMoreThanTheAutoCheckpointInterval_ReachTheDatabaseFileAndTheLogStaysBounded(string write)
    {
        var file = _directory.File("checkpoint.db");
        await using var host = await StartAsync(file);
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

    // Caller SQL that writes and hands back a value: the statement must finish too, or its pages never leave the log.
    [Theory]
    [InlineData("scalar")]
    [InlineData("execute")]
    [InlineData("first")]
    public async Task CallerWritesReturningAValue_ManyMoreThanTheAutoCheckpointInterval_LogStaysBounded(string call)
    {
        var file = _directory.File("caller.db");
        await using var host = await StartAsync(file);

        const int Writes = 3000;
        const string Sql = "INSERT INTO tickets (title, version) VALUES (@title, 1) RETURNING id";
        var results = new List<long>();
        for (var i = 0; i < Writes; i++)
        {
            var parameters = new { title = "ticket " + i };
            var id = call switch
            {
                "scalar" => await host.Database.ExecuteScalarAsync<long>(Sql, parameters),
                "execute" => await host.Database.ExecuteAsync(Sql, parameters),
                _ => await host.Database.QueryFirstOrDefaultAsync<long>(Sql, parameters),
            };
            results.Add(id);
        }

        var log = new FileInfo(file + "-wal");
        Assert.True(log.Length < 8 * 1024 * 1024, $"write-ahead log {log.Length:N0} bytes after {Writes} writes");
        Assert.True(new FileInfo(file).Length > 16 * 1024, $"database file {new FileInfo(file).Length:N0} bytes after {Writes} writes");
        Assert.Equal(Writes, await host.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tickets"));
        if (call == "execute")
        {
            Assert.All(results, affected => Assert.Equal(1, affected));
        }
        else
        {
            Assert.Equal(Writes, results.Distinct().Count());
        }
    }

    // A caller's read stops at the value it asked for: the rest of a result is not stepped through. The tenth row of this one
    // fails (abs of the smallest integer overflows), so reading past the first row would throw.
    [Fact]
    public async Task ScalarOfASelect_StopsAtTheFirstRow()
    {
        var file = _directory.File("select.db");
        await using var host = await StartAsync(file);

        const string Sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
            + "SELECT CASE WHEN i < 10 THEN i ELSE abs(-9223372036854775807 - 1) END FROM n";
        Assert.Equal(1, await host.Database.ExecuteScalarAsync<long>(Sql));
        await Assert.ThrowsAnyAsync<Exception>(async () => await host.Database.QueryAsync<long>(Sql));
    }
}
