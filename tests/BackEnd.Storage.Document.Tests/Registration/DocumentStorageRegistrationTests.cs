using BackEnd.Hosting;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.KeyValue;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.KeyValue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Document.Tests.Registration;

public sealed class DocumentStorageRegistrationTests
{
    [Fact]
    public async Task ConnectionStringsDocuments_NamingAHost_SelectsPostgres()
    {
        // Nothing connects until the first operation, so no server is needed to see which engine was chosen.
        await using var provider = Build("Host=127.0.0.1;Port=1;Username=nobody;Database=none");

        Assert.IsType<PostgresDocumentEngine>(provider.GetRequiredService<DocumentStore>().Engine);
        Assert.IsType<PostgresKeyValueStore>(provider.GetRequiredService<IKeyValueStore>());
    }

    [Fact]
    public async Task ConnectionStringsDocuments_NamingAFile_SelectsLiteDb()
    {
        using var file = new TempFile();
        await using var provider = Build("Filename=" + file.Path);

        Assert.IsType<LiteDbDocumentEngine>(provider.GetRequiredService<DocumentStore>().Engine);
    }

    [Fact]
    public async Task UsePostgres_ServerDown_FirstCallThrowsStorageUnavailable()
    {
        await using var store = Stores.Postgres("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetCollection<Sample>().CountAsync());
    }

    private static ServiceProvider Build(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Documents"] = connectionString }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBackEnd().AddDocumentStorage();
        return services.BuildServiceProvider();
    }
}
