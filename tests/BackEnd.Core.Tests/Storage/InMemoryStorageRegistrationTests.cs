using BackEnd.Storage;
using BackEnd.Hosting;
using BackEnd.Storage.InMemory;
using BackEnd.Storage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Storage;

public sealed class InMemoryStorageRegistrationTests
{
    [Fact]
    public async Task AddInMemoryStorage_CalledTwice_SharesOneStoreAndInjectsRepositories()
    {
        var services = new ServiceCollection();
        services.AddBackEnd().AddInMemoryStorage();
        services.AddBackEnd().AddInMemoryStorage();
        await using var provider = services.BuildServiceProvider();

        var repository = provider.GetRequiredService<IRepository<ContractTag, string>>();
        await repository.InsertAsync(new ContractTag { Code = "a", Label = "A" });

        Assert.Single(services, d => d.ServiceType == typeof(IEntityStore));
        Assert.Same(provider.GetRequiredService<IEntityStore>(), provider.GetRequiredService<InMemoryEntityStore>());
        Assert.Equal("A", (await provider.GetRequiredService<IEntityStore>().GetRepository<ContractTag, string>().GetAsync("a"))?.Label);
    }

    [Fact]
    public async Task Insert_NullInNonNullableText_ThrowsConstraintViolation()
    {
        var store = new InMemoryEntityStore();

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
            await store.GetRepository<ContractTag, string>().InsertAsync(new ContractTag { Code = "x", Label = null! }));

        Assert.Contains("Label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryStorage_AfterAnotherStore_ReplacesIt()
    {
        var services = new ServiceCollection();
        var earlier = new InMemoryEntityStore();
        services.AddSingleton<IEntityStore>(earlier);
        services.AddBackEnd().AddInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IEntityStore>();

        Assert.NotSame(earlier, store);
        Assert.Same(provider.GetRequiredService<InMemoryEntityStore>(), store);
        Assert.Single(services, d => d.ServiceType == typeof(IEntityStore));
    }
}
