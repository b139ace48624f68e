using BackEnd.Storage.Document.Internal.KeyValue;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.KeyValue;
using BackEnd.Storage.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BackEnd.Storage.Document.Tests.KeyValue;

// One sealed class per engine; each [Fact] forwards to the shared contract so every engine runs every case.
public sealed class InMemoryKeyValueStoreTests : KeyValueContractRunner, IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryKeyValueStore _store;

    public InMemoryKeyValueStoreTests() => _store = new InMemoryKeyValueStore(_time);

    protected override IKeyValueStore Store => _store;

    protected override bool Enabled => true;

    [Fact]
    public async Task Sweep_RemovesExpiredKeysInTheBackground()
    {
        await _store.SetAsync("gone", "v", TimeSpan.FromSeconds(1));
        await _store.SetAsync("kept", "v");

        _time.Advance(InMemoryKeyValueStore.SweepInterval);

        Assert.Equal(1, _store.StoredKeyCount);
    }

    public void Dispose() => _store.Dispose();

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class LiteDbKeyValueStoreTests : KeyValueContractRunner, IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TempFile _file = new();
    private readonly LiteDbDocumentEngine _engine;
    private readonly LiteDbKeyValueStore _store;

    public LiteDbKeyValueStoreTests()
    {
        _engine = new LiteDbDocumentEngine("Filename=" + _file.Path);
        _store = new LiteDbKeyValueStore(_engine.Worker, _time);
    }

    protected override IKeyValueStore Store => _store;

    protected override bool Enabled => true;

    [Fact]
    public async Task Sweep_RemovesExpiredRecords()
    {
        await _store.SetAsync("gone", "v", TimeSpan.FromSeconds(1));
        await _store.SetAsync("kept", "v");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await _store.SweepAsync(CancellationToken.None));
        Assert.Equal(1, await _engine.Worker.RunAsync(db => db.GetCollection("mt_kv").LongCount(), CancellationToken.None));
    }

    public void Dispose()
    {
        _store.Dispose();
        _engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}

[RequiresEnvironmentVariable(Servers.RedisVariable)]
public sealed class RedisKeyValueStoreTests : KeyValueContractRunner, IAsyncDisposable
{
    private readonly RedisKeyValueStore? _store = Servers.Redis is { } redis ? new RedisKeyValueStore(redis) : null;

    protected override IKeyValueStore Store => _store!;

    protected override bool Enabled => _store is not null;

    [RedisFact]
    public async Task Outage_ThrowsStorageUnavailable()
    {
        var store = new RedisKeyValueStore("127.0.0.1:1,connectTimeout=200,syncTimeout=200,asyncTimeout=200");
        await using (store)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.GetAsync("k"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected override async Task PassAsync(TimeSpan time)
    {
        // Redis keeps its own clock: wait, in bounded steps, until the time has passed.
        await Task.Delay(time + TimeSpan.FromMilliseconds(100));
    }
}

[RequiresEnvironmentVariable(Servers.PostgresVariable)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class PostgresKeyValueStoreTests : KeyValueContractRunner, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private PostgresSchema? _schema;
    private NpgsqlDataSource? _dataSource;
    private PostgresKeyValueStore? _store;

    protected override IKeyValueStore Store => _store!;

    protected override bool Enabled => _store is not null;

    public async Task InitializeAsync()
    {
        if (Servers.Postgres is null)
        {
            return;
        }

        _schema = await PostgresSchema.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        _store = new PostgresKeyValueStore(_dataSource, _time);
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Sweep_RemovesExpiredRows()
    {
        await _store!.SetAsync("gone", "v", TimeSpan.FromSeconds(1));
        await _store.ListPushAsync("gone-list", "v", 3, TimeSpan.FromSeconds(1));
        await _store.SetAsync("kept", "v");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2, await _store.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await _store.SweepAsync(CancellationToken.None));
        Assert.Equal("v", await _store.GetAsync("kept"));
    }

    [PostgresFact]
    public async Task Increment_PastLongMaxValue_ThrowsOverflowAndKeepsValue()
    {
        await _store!.SetAsync("big", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await Assert.ThrowsAsync<OverflowException>(async () => await _store.IncrementAsync("big"));
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), await _store.GetAsync("big"));
    }

    [PostgresFact]
    public async Task Outage_ThrowsStorageUnavailable_ThenRecoversWithoutRestart()
    {
        var server = new NpgsqlConnectionStringBuilder(_schema!.ConnectionString);
        await using var proxy = OutageProxy.Start(server.Host!, server.Port);
        server.Host = "127.0.0.1";
        server.Port = proxy.Port;
        server.Timeout = 3;
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        using var store = new PostgresKeyValueStore(dataSource, _time);
        await store.SetAsync("k", "before");

        proxy.Cut();
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.GetAsync("k"));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.IncrementAsync("n"));
        proxy.Restore();

        Assert.Equal("before", await store.GetAsync("k"));
        Assert.Equal(1, await store.IncrementAsync("n"));
    }

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}
