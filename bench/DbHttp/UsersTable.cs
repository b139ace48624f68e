using System;
using System.ComponentModel.DataAnnotations.Schema;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace BackEnd.Bench.DbHttp;

/// <summary>The engine both servers read from, and the table they share: 10,000 users, created and seeded by whichever starts first.</summary>
internal sealed class UsersTable
{
    public const string Name = "dbhttp_users";
    public const int Rows = 10_000;

    private UsersTable(string engine, string connectionString, Func<DbConnection> connect)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Connect = connect;
    }

    public string Engine { get; }

    /// <summary>The driver's connection string (for SQLite built from the file name).</summary>
    public string ConnectionString { get; }

    /// <summary>A new, closed connection from the driver's pool.</summary>
    public Func<DbConnection> Connect { get; }

    public static UsersTable FromArguments(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var engine = configuration["engine"] ?? "sqlite";
        var db = configuration["db"] ?? throw new InvalidOperationException("--db is required (a SQLite file or a connection string).");
        switch (engine)
        {
            case "sqlite":
                var sqlite = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true }.ToString();
                return new UsersTable(engine, sqlite, () => new SqliteConnection(sqlite));
            case "postgres":
                var postgres = NpgsqlDataSource.Create(db);
                return new UsersTable(engine, db, postgres.CreateConnection);
            case "mysql":
                var mysql = new MySqlDataSource(db);
                return new UsersTable(engine, db, mysql.CreateConnection);
            default:
                throw new InvalidOperationException($"Unknown engine '{engine}': sqlite, postgres or mysql.");
        }
    }

    /// <summary>Creates and fills the table unless it is there already.</summary>
    public async Task EnsureSeededAsync()
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        var name = Engine == "mysql" ? "VARCHAR(100)" : "TEXT";
        var setup = Engine == "sqlite" ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " : string.Empty;
        await ExecuteAsync(connection, null, $"{setup}CREATE TABLE IF NOT EXISTS {Name} (id BIGINT PRIMARY KEY, name {name} NOT NULL, version BIGINT NOT NULL)");
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT COUNT(*) FROM {Name}";
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= Rows)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, transaction, $"DELETE FROM {Name}");
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {Name} (id, name, version) VALUES (@id, @name, 1)";
        var id = insert.CreateParameter();
        id.ParameterName = "@id";
        id.DbType = DbType.Int64;
        var text = insert.CreateParameter();
        text.ParameterName = "@name";
        text.DbType = DbType.String;
        insert.Parameters.Add(id);
        insert.Parameters.Add(text);
        for (var i = 1; i <= Rows; i++)
        {
            id.Value = (long)i;
            text.Value = "user" + i.ToString(CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A row of the table, read through BackEnd's repository.</summary>
[Table(UsersTable.Name)]
public sealed class StoredUser
{
    /// <summary>Gets or sets the key.</summary>
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long Id { get; set; }

    /// <summary>Gets or sets the user name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}

/// <summary>The body both servers answer with.</summary>
internal sealed record UserRecord(long Id, string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(UserRecord))]
internal sealed partial class DbHttpJsonContext : JsonSerializerContext;
