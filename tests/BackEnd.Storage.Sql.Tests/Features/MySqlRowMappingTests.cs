using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlRowMappingTests(MySqlFeatureFixture fixture) : SqlRowMappingTests<MySqlFeatureFixture>(fixture);
