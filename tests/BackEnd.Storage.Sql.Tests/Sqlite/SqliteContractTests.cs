using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Sqlite;

public sealed class SqliteContractTests(SqliteStoreFixture fixture) : EntityStoreContractTests<SqliteStoreFixture>(fixture);
