using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>The contract-suite store on a server database in a namespace of its own; nothing starts when the server's variable is unset.</summary>
public abstract class ServerStoreFixture(SqlDatabaseKind kind, string contractSchema) : IEntityStoreFixture, IAsyncLifetime
{
    private ServerTestDatabase? _database;
    private SqlStoreHost? _host;

    public IEntityStore Store => _host!.Store;

    public ISqlDatabase Database => _host!.Database;

    protected ServerTestDatabase TestDatabase => _database!;

    public async Task InitializeAsync()
    {
        if (ServerTestDatabase.ServerConnectionString(kind) is null)
        {
            return;
        }

        _database = await ServerTestDatabase.CreateAsync(kind);
        _host = await SqlStoreHost.StartAsync(o => _database.Use(o).AddMigration(SqlMigration.FromSql(1, "contract_schema", contractSchema)));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
