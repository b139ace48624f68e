using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Features;

public abstract class SqlFeatureFixture : IAsyncLifetime
{
    private SqlStoreHost? _host;

    public ISqlDatabase Database => _host!.Database;

    public async Task InitializeAsync()
    {
        if (await ConfigureAsync() is { } configure)
        {
            _host = await SqlStoreHost.StartAsync(o =>
            {
                configure(o);
                o.AddMigration(FeatureSchema.Sqlite).AddMigration(FeatureSchema.Postgres).AddMigration(FeatureSchema.MySql);
            });
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected abstract Task<Action<SqlStorageOptions>?> ConfigureAsync();
}
