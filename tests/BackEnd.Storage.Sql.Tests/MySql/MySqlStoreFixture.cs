using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.MySql;

public sealed class MySqlStoreFixture : IEntityStoreFixture, IAsyncLifetime
{
    private MySqlTestDatabase? _database;
    private SqlStoreHost? _host;

    public IEntityStore Store => _host!.Store;

    public ISqlDatabase Database => _host!.Database;

    public async Task InitializeAsync()
    {
        if (MySqlFactAttribute.ConnectionString is null)
        {
            return;
        }

        _database = await MySqlTestDatabase.CreateAsync();
        _host = await SqlStoreHost.StartAsync(o => o
            .UseMySql(_database.ConnectionString)
            .AddMigration(SqlMigration.FromSql(1, "contract_schema", ContractSchema.MySql)));
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
