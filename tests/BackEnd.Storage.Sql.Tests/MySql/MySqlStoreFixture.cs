using BackEnd.Storage.Sql.Tests.Support;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.MySql;

public sealed class MySqlStoreFixture() : ServerStoreFixture(SqlDatabaseKind.MySql, ContractSchema.MySql);
