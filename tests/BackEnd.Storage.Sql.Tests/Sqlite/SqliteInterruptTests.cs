using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

public sealed class SqliteInterruptTests : IDisposable
{
    // Counts to two billion: minutes of work, so it only ends early when it is interrupted.
    private const string LongQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // One pooled connection: a statement that kept running, or a connection not returned, would fail the follow-up query.
    private Task<SqlStoreHost> StartAsync(TimeSpan? commandTimeout = null) => SqlStoreHost.StartAsync(o =>
    {
        o.UseSqlite($"Data Source={_directory.File("interrupt.db")}");
        o.MaxPoolSize = 1;
        o.CommandTimeout = commandTimeout ?? TimeSpan.FromMinutes(10);
    });

    [Fact]
    public async Task Query_TokenCancelledWhileRunning_ThrowsOperationCanceledAndPoolStaysUsable()
    {
        await using var host = await StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await host.Database.ExecuteScalarAsync<long>(LongQuery, cancellationToken: cancellation.Token));

        Assert.Equal(1, await host.Database.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task RepositoryPage_TokenCancelledWhileRunning_ThrowsOperationCanceledAndPoolStaysUsable()
    {
        // The repository reads SQLite pages with the driver's synchronous calls; the interrupt must still reach them. A view
        // of two billion rows makes the page's sort and count run for minutes.
        await using var host = await StartAsync();
        await host.Database.ExecuteAsync(
            "CREATE VIEW tickets AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT x AS id, 't' AS title, 1 AS version FROM c");
        var tickets = host.Store.GetRepository<Faults.Ticket, long>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await tickets.QueryAsync(new StorageQuery().Skip(20).Take(10).WithTotalCount(), cancellation.Token));

        Assert.Equal(1, await host.Database.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Stream_TokenCancelledWhileRunning_ThrowsOperationCanceledAndPoolStaysUsable()
    {
        await using var host = await StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in host.Database.StreamAsync<long>(LongQuery, cancellationToken: cancellation.Token))
            {
            }
        });

        Assert.Equal(1, await host.Database.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Transaction_TokenCancelledWhileRunning_ThrowsOperationCanceledAndRollsBack()
    {
        await using var host = await StartAsync();
        await host.Database.ExecuteAsync("CREATE TABLE marks (n INTEGER NOT NULL)");
        using var cancellation = new CancellationTokenSource();

        await using (var transaction = await host.Database.BeginTransactionAsync())
        {
            await transaction.ExecuteAsync("INSERT INTO marks (n) VALUES (1)");
            cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                await transaction.ExecuteScalarAsync<long>(LongQuery, cancellationToken: cancellation.Token));
        }

        Assert.Equal(0, await host.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM marks"));
    }

    [Fact]
    public async Task Query_RunsPastCommandTimeout_IsInterruptedAsUnavailableAndPoolStaysUsable()
    {
        await using var host = await StartAsync(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await host.Database.ExecuteScalarAsync<long>(LongQuery));

        Assert.Contains("CommandTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await host.Database.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Query_ShortStatementsAfterATimeout_AreNotInterrupted()
    {
        await using var host = await StartAsync(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await host.Database.ExecuteScalarAsync<long>(LongQuery));

        var counted = await host.Database.ExecuteScalarAsync<long>(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) SELECT COUNT(*) FROM c");

        Assert.Equal(10_000, counted);
    }
}
