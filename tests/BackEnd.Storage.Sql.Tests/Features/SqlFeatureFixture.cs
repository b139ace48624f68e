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
                o.AddMigration(FeatureSchema.Sqlite).AddMigration(FeatureSchema.Postgres);
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

public sealed class SqliteFeatureFixture : SqlFeatureFixture, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<Action<SqlStorageOptions>?> ConfigureAsync()
        => Task.FromResult<Action<SqlStorageOptions>?>(o => o.UseSqlite($"Data Source={_directory.File("features.db")}"));
}

public sealed class PostgresFeatureFixture : SqlFeatureFixture
{
    private PostgresSchema? _schema;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    protected override async Task<Action<SqlStorageOptions>?> ConfigureAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return null;
        }

        _schema = await PostgresSchema.CreateAsync();
        var connectionString = _schema.ConnectionString;
        return o => o.UsePostgres(connectionString);
    }
}
