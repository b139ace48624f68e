using BackEnd.Storage;

using BackEnd.Storage.InMemory;
using BackEnd.Storage.Testing;

namespace BackEnd.Core.Tests.Storage;

public sealed class InMemoryStoreFixture : IEntityStoreFixture
{
    public IEntityStore Store { get; } = new InMemoryEntityStore();
}
