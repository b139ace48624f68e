using BackEnd.Storage.Sql.Migrations;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Migrations;

public sealed class SqliteMigrationTests : MigrationTests
{
    protected override SqlDatabaseKind Kind => SqlDatabaseKind.Sqlite;
}
