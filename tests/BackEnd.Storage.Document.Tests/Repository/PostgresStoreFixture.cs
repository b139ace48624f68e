using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.Repository;

public sealed class PostgresStoreFixture : IEntityStoreFixture, IAsyncLifetime
{
    private PostgresSchema? _schema;
    private DocumentStore? _store;

    public IEntityStore Store => _store!;

    public async Task InitializeAsync()
    {
        if (Servers.Postgres is null)
        {
            return;
        }

        _schema = await PostgresSchema.CreateAsync();
        _store = Stores.Postgres(_schema.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
