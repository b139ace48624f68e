using BackEnd.Diagnostics;
using BackEnd.Hosting;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Faults;
using BackEnd.Storage.Sql.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Sql.Tests.Registration;

public sealed class SqlStorageRegistrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AddSqlStorage_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddBackEnd().AddSqlStorage(o => o.UseSqlite("Data Source=a.db"));
        services.AddBackEnd().AddSqlStorage();

        Assert.Single(services, d => d.ServiceType == typeof(ISqlDatabase));
        Assert.Single(services, d => d.ServiceType == typeof(IEntityStore));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IHealthCheck));
        Assert.Single(services, d => d.ServiceType == typeof(ISqlMigrator));
    }

    [Fact]
    public void Options_NoConnectionString_FailValidationWithClearMessage()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddSqlStorage();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqlStorageOptions>>().Value);

        Assert.Contains("ConnectionStrings:Default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BadValues_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddSqlStorage(o =>
        {
            o.UseSqlite("Data Source=x.db");
            o.MaxPoolSize = 0;
            o.CommandTimeout = TimeSpan.Zero;
            o.MigrationsTable = "x; DROP TABLE y";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqlStorageOptions>>().Value);

        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public async Task AddSqlStorage_ConnectionStringFromConfiguration_IsUsed()
    {
        var file = _directory.File("configured.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={file}" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBackEnd().AddSqlStorage(o => o.AddMigration(SqlMigration.FromSql(1, "tickets", "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT NOT NULL, version INTEGER NOT NULL)")));
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var saved = await provider.GetRequiredService<IRepository<Ticket, long>>().InsertAsync(new Ticket { Title = "configured" });

        Assert.True(File.Exists(file));
        Assert.Equal(1, saved.Id);
    }
}
