using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Postgres;

public sealed class PostgresStoreFixture() : ServerStoreFixture(SqlDatabaseKind.Postgres, ContractSchema.Postgres)
{
    public PostgresSchema Schema => (PostgresSchema)TestDatabase;
}
