using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.MySql;

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlContractTests(MySqlStoreFixture fixture) : EntityStoreContractTests<MySqlStoreFixture>(fixture);
