using System.Net.Sockets;
using System.Text;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

/// <summary>
/// A client that hangs up during a request stops the SQL work it started: the server cancels the request's token on the
/// client's FIN, the token interrupts the SQLite statement, and the only pooled connection serves the next request.
/// </summary>
public sealed class SqliteRequestAbortedTests : IDisposable
{
    // Counts to two billion: minutes of work, so it only ends early when it is interrupted.
    private const string LongQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Regression test for security issue 18 (item 6a, SQL case): the statement used to run synchronously inside the
    // handler's first call, before the server watched the connection, so the hang-up was noticed only after minutes.
    [Fact]
    public async Task Query_ClientDisconnects_StatementInterruptedAndPoolServesNextRequest()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BackEndTestHost.StartServerAsync(b =>
        {
            b.Services.Configure<StorageCursorOptions>(o => o.Key = SqlStoreHost.TestCursorKey);
            b.AddSqlStorage(o =>
            {
                o.UseSqlite($"Data Source={_directory.File("aborted.db")}");
                o.MaxPoolSize = 1;
                o.CommandTimeout = TimeSpan.FromMinutes(10);
            }).Configure(app =>
            {
                app.MapGet("/slow", async (ISqlDatabase database, CancellationToken ct) =>
                {
                    started.TrySetResult();
                    try
                    {
                        return (await database.ExecuteScalarAsync<long>(LongQuery, cancellationToken: ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (OperationCanceledException)
                    {
                        cancelled.TrySetResult();
                        throw;
                    }
                });
                app.MapGet("/one", async (ISqlDatabase database, CancellationToken ct) =>
                    (await database.ExecuteScalarAsync<long>("SELECT 1", cancellationToken: ct)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        });

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(host.ServerAddress!.Host, host.ServerAddress.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            socket.Shutdown(SocketShutdown.Both);
        }

        // A bound on the wait, not a timing assertion: without the fix the statement runs for minutes.
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var client = host.CreateClient();
        Assert.Equal("1", await client.GetStringAsync("/one"));
    }
}
