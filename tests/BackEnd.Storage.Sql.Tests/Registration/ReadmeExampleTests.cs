using System.Net;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Sql.Tests.Registration;

public sealed class ReadmeExampleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CreateTablesFor_ReadmeApp_ServesTodosWithoutAnyMigration()
    {
        await using var host = await StartAsync(sql => sql.UseSqlite($"Data Source={_directory.File("app.db")}").CreateTablesFor<Todo>());
        using var client = host.CreateClient();

        var before = await client.GetAsync("/todos/1");
        var saved = await host.Services.GetRequiredService<IRepository<Todo, long>>().InsertAsync(new Todo { Title = "write docs" });
        var after = await client.GetStringAsync($"/todos/{saved.Id}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("none", await before.Content.ReadAsStringAsync());
        Assert.Equal("write docs", after);
    }

    [Fact]
    public async Task Get_TableMissing_Answers503ProblemNot500()
    {
        await using var host = await StartAsync(sql => sql.UseSqlite($"Data Source={_directory.File("bare.db")}"));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/todos/1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<BackEndTestHost> StartAsync(Action<SqlStorageOptions> sql) => BackEndTestHost.StartAsync(b =>
    {
        b.Services.Configure<StorageCursorOptions>(o => o.Key = SqlStoreHost.TestCursorKey);
        b.AddSqlStorage(sql).Configure(app =>
            app.MapGet("/todos/{id:long}", async (long id, IRepository<Todo, long> todos, CancellationToken ct) =>
                (await todos.GetAsync(id, ct))?.Title ?? "none"));
    });
}
