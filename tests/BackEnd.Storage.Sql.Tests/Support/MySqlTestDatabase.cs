using BackEnd.Storage.Sql.Tests.MySql;
using MySqlConnector;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>A unique database on the test server, so test classes run in parallel and re-run cleanly; dropped on dispose.</summary>
public sealed class MySqlTestDatabase : IAsyncDisposable
{
    private MySqlTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Gets a connection string whose database is this one.</summary>
    public string ConnectionString { get; }

    public static async Task<MySqlTestDatabase> CreateAsync()
    {
        var server = MySqlFactAttribute.ConnectionString ?? throw new InvalidOperationException($"{MySqlFactAttribute.Variable} is not set.");
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new MySqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new MySqlConnectionStringBuilder(server) { Database = name };
        return new MySqlTestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var connection = new MySqlConnection(MySqlFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS {Name}", connection);
        await command.ExecuteNonQueryAsync();
    }
}
