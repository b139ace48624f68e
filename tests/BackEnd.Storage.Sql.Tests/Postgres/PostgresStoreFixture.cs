using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Postgres;

public sealed class PostgresStoreFixture : IEntityStoreFixture, IAsyncLifetime
{
    private PostgresSchema? _schema;
    private SqlStoreHost? _host;

    public IEntityStore Store => _host!.Store;

    public ISqlDatabase Database => _host!.Database;

    public PostgresSchema Schema => _schema!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _schema = await PostgresSchema.CreateAsync();
        _host = await SqlStoreHost.StartAsync(o => o
            .UsePostgres(_schema.ConnectionString)
            .AddMigration(SqlMigration.FromSql(1, "contract_schema", ContractSchema.Postgres)));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
