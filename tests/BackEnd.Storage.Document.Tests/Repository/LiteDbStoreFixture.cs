using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.Repository;

public sealed class LiteDbStoreFixture : IEntityStoreFixture, IAsyncLifetime, IDisposable
{
    private readonly TempFile _file = new();
    private DocumentStore? _store;

    public IEntityStore Store => _store!;

    public Task InitializeAsync()
    {
        _store = Stores.LiteDb(_file.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _file.Dispose();
    }

    public void Dispose() => _file.Dispose();
}
