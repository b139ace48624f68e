using BackEnd.Storage.Sql.Tests.MySql;
using MySqlConnector;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>A unique database on the MySQL/MariaDB test server; the connection string names it.</summary>
public sealed class MySqlTestDatabase : ServerTestDatabase
{
    private MySqlTestDatabase(string name, string connectionString)
        : base(name, connectionString, $"DROP DATABASE IF EXISTS {name}")
    {
    }

    public static async Task<MySqlTestDatabase> CreateAsync()
    {
        var name = NewName();
        await ExecuteAsync(new MySqlConnection(Server), $"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new MySqlTestDatabase(name, new MySqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    public override SqlStorageOptions Use(SqlStorageOptions options) => options.UseMySql(ConnectionString);

    private protected override MySqlConnection OpenServer() => new(Server);

    private protected override void ClearPools() => MySqlConnection.ClearAllPools();

    private static string Server => MySqlFactAttribute.ConnectionString ?? throw new InvalidOperationException($"{MySqlFactAttribute.Variable} is not set.");
}
