using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

public sealed class SqliteStoreFixture : IEntityStoreFixture, IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SqlStoreHost? _host;

    public IEntityStore Store => _host!.Store;

    public ISqlDatabase Database => _host!.Database;

    public async Task InitializeAsync()
    {
        _host = await SqlStoreHost.StartAsync(o => o
            .UseSqlite($"Data Source={_directory.File("contract.db")}")
            .AddMigration(SqlMigration.FromSql(1, "contract_schema", ContractSchema.Sqlite)));
    }

    public async Task DisposeAsync()
    {
        await _host!.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
