using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Postgres;

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresContractTests(PostgresStoreFixture fixture) : EntityStoreContractTests<PostgresStoreFixture>(fixture);
