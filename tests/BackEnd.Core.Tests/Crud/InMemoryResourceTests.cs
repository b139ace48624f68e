using BackEnd.Hosting;
using BackEnd.Storage.InMemory;

namespace BackEnd.Core.Tests.Crud;

public sealed class InMemoryResourceTests : ResourceContractTests
{
    protected override void AddStorage(IBackEndBuilder builder) => builder.AddInMemoryStorage();
}
