namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class MySqlFeatureFixture() : ServerFeatureFixture(SqlDatabaseKind.MySql);
