using BackEnd.Storage.Sql.Tests.Postgres;
using Npgsql;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>A unique schema on the PostgreSQL test server; the connection string's search path is the schema.</summary>
public sealed class PostgresSchema : ServerTestDatabase
{
    private PostgresSchema(string name, string connectionString)
        : base(name, connectionString, $"DROP SCHEMA IF EXISTS {name} CASCADE")
    {
    }

    public static async Task<PostgresSchema> CreateAsync()
    {
        var name = NewName();
        await ExecuteAsync(new NpgsqlConnection(Server), $"CREATE SCHEMA {name}");
        return new PostgresSchema(name, new NpgsqlConnectionStringBuilder(Server) { SearchPath = name, ApplicationName = name }.ConnectionString);
    }

    public override SqlStorageOptions Use(SqlStorageOptions options) => options.UsePostgres(ConnectionString);

    private protected override NpgsqlConnection OpenServer() => new(Server);

    private protected override void ClearPools() => NpgsqlConnection.ClearAllPools();

    private static string Server => PostgresFactAttribute.ConnectionString ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");
}
