using BackEnd.Diagnostics;
using BackEnd.Hosting;
using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Sql.Tests.Faults;
using BackEnd.Storage.Sql.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using BackEnd.Storage.InMemory;
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

    [Theory]
    [InlineData(SqlDatabaseKind.Sqlite, "Data Source=x.db;Pasword=hunter2", "Pasword")]
    [InlineData(SqlDatabaseKind.Postgres, "Host=h;Password=hunter2;Maximum Poool Size=5", "Maximum Poool Size")]
    [InlineData(SqlDatabaseKind.MySql, "Server=h;Password=hunter2;Port=notaport", "Port")]
    [InlineData(SqlDatabaseKind.Sqlite, "Data Source=x.db;Mode=Sideways", "Mode")]
    public void Options_BadConnectionStringKeyword_NamesTheKeywordButNoValue(SqlDatabaseKind database, string connectionString, string keyword)
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddSqlStorage(o =>
        {
            o.Database = database;
            o.ConnectionString = connectionString;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqlStorageOptions>>().Value);

        Assert.Contains($"'{keyword}'", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ConnectionStringNotKeyValuePairs_SaysSo()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddSqlStorage(o => o.UsePostgres("Host='unclosed;Password=hunter2"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqlStorageOptions>>().Value);

        Assert.Contains("keyword=value", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryStorage_AfterAddSqlStorage_ServesRepositoriesFromMemory()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddSqlStorage(o => o.UseSqlite($"Data Source={_directory.File("replaced.db")}")).AddInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IEntityStore>();
        var repository = provider.GetRequiredService<IRepository<Ticket, long>>();

        Assert.IsType<BackEnd.Storage.InMemory.InMemoryEntityStore>(store);
        Assert.Equal("StoreRepository`2", repository.GetType().Name);
        Assert.Single(services, d => d.ServiceType == typeof(IEntityStore));
    }

    [Fact]
    public async Task AddSqlStorage_AfterAddInMemoryStorage_ServesRepositoriesFromSql()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddInMemoryStorage().AddSqlStorage(o => o
            .UseSqlite($"Data Source={_directory.File("sql-wins.db")}")
            .AddMigration(SqlMigration.FromSql(1, "tickets", "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT NOT NULL, version INTEGER NOT NULL)")));
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await provider.GetRequiredService<IRepository<Ticket, long>>().InsertAsync(new Ticket { Title = "in sql" });

        Assert.Same(provider.GetRequiredService<ISqlDatabase>(), provider.GetRequiredService<IEntityStore>());
        Assert.Equal(1, await provider.GetRequiredService<ISqlDatabase>().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tickets"));
    }

    [Fact]
    public async Task AddMigrationsFromAssembly_NoEmbeddedScripts_LogsWarningNamingTheItem()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddBackEnd().AddSqlStorage(o => o
            .UseSqlite($"Data Source={_directory.File("none.db")}")
            .AddMigrationsFromAssembly(typeof(SqlStorageRegistrationTests).Assembly, "NoSuchFolder"));
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("No migrations found", StringComparison.Ordinal));
        Assert.Contains("EmbeddedResource", warning.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchFolder", warning.Message, StringComparison.Ordinal);
    }
}
