using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresRowMappingTests(PostgresFeatureFixture fixture) : SqlRowMappingTests<PostgresFeatureFixture>(fixture);
