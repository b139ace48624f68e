namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class SqliteRowMappingTests(SqliteFeatureFixture fixture) : SqlRowMappingTests<SqliteFeatureFixture>(fixture);
