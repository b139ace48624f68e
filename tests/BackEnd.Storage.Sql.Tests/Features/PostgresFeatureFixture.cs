namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class PostgresFeatureFixture() : ServerFeatureFixture(SqlDatabaseKind.Postgres);
