using BackEnd.Storage.Testing;

namespace BackEnd.Core.Tests.Storage;

public sealed class InMemoryContractTests(InMemoryStoreFixture fixture) : EntityStoreContractTests<InMemoryStoreFixture>(fixture);
