using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A PostgreSQL document store in a schema of its own for each test (64 KiB documents), dropped afterwards; nothing without a server.</summary>
public abstract class PostgresStoreTests : IAsyncLifetime
{
    private PostgresSchema? _schema;
    private DocumentStore? _store;

    internal DocumentStore Store => _store!;

    internal PostgresSchema Schema => _schema!;

    public async Task InitializeAsync()
    {
        if (Servers.Postgres is null)
        {
            return;
        }

        _schema = await PostgresSchema.CreateAsync();
        _store = Stores.Postgres(_schema.ConnectionString, maxDocumentBytes: 64 * 1024);
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
