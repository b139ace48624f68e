using System.Data.Common;
using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Postgres;

namespace BackEnd.Storage.Sql.Tests.Support;

/// <summary>A unique namespace on a test server (a PostgreSQL schema, a MySQL database), so test classes run in parallel and
/// re-run cleanly; dropped on dispose.</summary>
public abstract class ServerTestDatabase : IAsyncDisposable
{
    private readonly string _dropSql;

    private protected ServerTestDatabase(string name, string connectionString, string dropSql)
    {
        Name = name;
        ConnectionString = connectionString;
        _dropSql = dropSql;
    }

    public string Name { get; }

    /// <summary>Gets a connection string that works inside this namespace.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the server's connection string, or <see langword="null"/> when its variable is unset (the tests skip).</summary>
    public static string? ServerConnectionString(SqlDatabaseKind kind) => kind switch
    {
        SqlDatabaseKind.Postgres => PostgresFactAttribute.ConnectionString,
        SqlDatabaseKind.MySql => MySqlFactAttribute.ConnectionString,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "SQLite needs no server."),
    };

    public static async Task<ServerTestDatabase> CreateAsync(SqlDatabaseKind kind) => kind switch
    {
        SqlDatabaseKind.Postgres => await PostgresSchema.CreateAsync(),
        SqlDatabaseKind.MySql => await MySqlTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "SQLite needs no server."),
    };

    /// <summary>Points the store at this namespace.</summary>
    public abstract SqlStorageOptions Use(SqlStorageOptions options);

    public async ValueTask DisposeAsync()
    {
        ClearPools();
        await ExecuteAsync(OpenServer(), _dropSql);
        GC.SuppressFinalize(this);
    }

    private protected abstract DbConnection OpenServer();

    private protected abstract void ClearPools();

    private protected static string NewName() => "t_" + Guid.NewGuid().ToString("N");

    private protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
