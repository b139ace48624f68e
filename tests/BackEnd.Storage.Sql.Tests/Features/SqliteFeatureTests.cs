namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class SqliteFeatureTests(SqliteFeatureFixture fixture) : SqlFeatureTests<SqliteFeatureFixture>(fixture);
