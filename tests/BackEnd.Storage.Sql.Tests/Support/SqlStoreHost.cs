using BackEnd.Hosting;
using BackEnd.Storage.Sql.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>The SQL store as an application gets it: through AddBackEnd().AddSqlStorage(...) and the start-up step.</summary>
public sealed class SqlStoreHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SqlStoreHost(ServiceProvider services)
    {
        _services = services;
    }

    public static string TestCursorKey { get; } = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i + 100)).ToArray());

    public IServiceProvider Services => _services;

    public ISqlDatabase Database => _services.GetRequiredService<ISqlDatabase>();

    public IEntityStore Store => _services.GetRequiredService<IEntityStore>();

    public ISqlMigrator Migrator => _services.GetRequiredService<ISqlMigrator>();

    public static async Task<SqlStoreHost> StartAsync(Action<SqlStorageOptions> configure, Action<IServiceCollection>? services = null)
    {
        var host = Create(configure, services);
        await host.StartAsync();
        return host;
    }

    public static SqlStoreHost Create(Action<SqlStorageOptions> configure, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        configureServices?.Invoke(services);

        // A fixed key keeps test runs from writing a key file into the user's profile.
        services.Configure<StorageCursorOptions>(o => o.Key = TestCursorKey);
        services.AddBackEnd().AddSqlStorage(configure);
        return new SqlStoreHost(services.BuildServiceProvider());
    }

    public async Task StartAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
