using Npgsql;
using NpgsqlTypes;

namespace BackEnd.Storage.Benchmarks;

internal sealed class PostgresRawDriver : IRawDriver
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _select;
    private readonly NpgsqlCommand _insert;

    private PostgresRawDriver(NpgsqlConnection connection)
    {
        _connection = connection;
        _select = new NpgsqlCommand("SELECT id, name, email, age, created_at, version FROM bench_users WHERE id = @id", _connection);
        _select.Parameters.Add("id", NpgsqlDbType.Bigint);
        _select.Prepare();
        _insert = new NpgsqlCommand("INSERT INTO bench_users (name, email, age, created_at, version) VALUES (@name, @email, @age, @created, 1) RETURNING id", _connection);
        _insert.Parameters.Add("name", NpgsqlDbType.Text);
        _insert.Parameters.Add("email", NpgsqlDbType.Text);
        _insert.Parameters.Add("age", NpgsqlDbType.Integer);
        _insert.Parameters.Add("created", NpgsqlDbType.TimestampTz);
        _insert.Prepare();
    }

    public static async Task<PostgresRawDriver> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new PostgresRawDriver(connection);
    }

    public async Task<BenchUser?> GetAsync(long id)
    {
        _select.Parameters[0].Value = id;
        await using var reader = await _select.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new BenchUser
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Email = reader.GetString(2),
                Age = reader.GetInt32(3),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
                Version = reader.GetInt64(5),
            }
            : null;
    }

    public async Task<long> InsertAsync(BenchUser user)
    {
        _insert.Transaction = null;
        Bind(user);
        return (long)(await _insert.ExecuteScalarAsync())!;
    }

    public async Task InsertBatchAsync(IReadOnlyList<BenchUser> users)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        foreach (var user in users)
        {
            Bind(user);
            await _insert.ExecuteScalarAsync();
        }

        await transaction.CommitAsync();
        _insert.Transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _select.DisposeAsync();
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private void Bind(BenchUser user)
    {
        _insert.Parameters[0].Value = user.Name;
        _insert.Parameters[1].Value = user.Email;
        _insert.Parameters[2].Value = user.Age;
        _insert.Parameters[3].Value = user.CreatedAt.ToUniversalTime();
    }
}
