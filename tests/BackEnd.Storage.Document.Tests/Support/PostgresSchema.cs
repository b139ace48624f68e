using Npgsql;

namespace BackEnd.Storage.Document.Tests.Support;

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
        var server = Servers.Postgres ?? throw new InvalidOperationException($"{Servers.PostgresVariable} is not set.");
        var name = "d_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE SCHEMA {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = name, ApplicationName = name };
        return new PostgresSchema(name, builder.ConnectionString);
    }

    /// <summary>Runs SQL in the schema (for checks a test makes behind the engine's back).</summary>
    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(Servers.Postgres!, $"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
