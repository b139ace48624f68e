using Npgsql;

namespace BackEnd.Storage.Sql.Tests.Postgres;

public sealed class PostgresSmokeTests
{
    [PostgresFact]
    public async Task Select_One_ReturnsOneFromTheConfiguredServer()
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1", connection);

        var result = await command.ExecuteScalarAsync();

        Assert.Equal(1, Assert.IsType<int>(result));
        Assert.StartsWith("PostgreSQL", (string)(await new NpgsqlCommand("select version()", connection).ExecuteScalarAsync())!, StringComparison.Ordinal);
    }
}
