using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.Repository;

public sealed class LiteDbContractTests(LiteDbStoreFixture fixture) : EntityStoreContractTests<LiteDbStoreFixture>(fixture);
