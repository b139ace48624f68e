using BackEnd.Storage.Sql.Tests.Postgres;
using Npgsql;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>A unique schema on the test server, so test classes run in parallel and re-run cleanly; dropped on dispose.</summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    private PostgresSchema(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Gets a connection string whose search path is the schema.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync()
    {
        var server = PostgresFactAttribute.ConnectionString ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = name, ApplicationName = name };
        return new PostgresSchema(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
