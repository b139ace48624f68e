using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Document.Tests.Repository;

[RequiresEnvironmentVariable(Servers.PostgresVariable)]
public sealed class PostgresContractTests(PostgresStoreFixture fixture) : EntityStoreContractTests<PostgresStoreFixture>(fixture);
