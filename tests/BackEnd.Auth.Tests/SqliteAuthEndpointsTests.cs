using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Storage.Sql;

namespace BackEnd.Auth.Tests;

/// <summary>The suite on a real SQLite file through the SQL provider, with the auth tables from Auth's own migrations.</summary>
public sealed class SqliteAuthEndpointsTests : AuthEndpointsTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backend-auth-" + Guid.NewGuid().ToString("N"));
    private int _databases;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override void AddStorage(IBackEndBuilder builder)
    {
        var file = Path.Combine(_directory, $"auth{Interlocked.Increment(ref _databases)}.db");
        builder.AddSqlStorage(sql => sql.UseSqlite($"Data Source={file}").CreateTablesFor<Gadget>()).AddAuthMigrations();
    }
}
