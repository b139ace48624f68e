using MySqlConnector;

namespace BackEnd.Storage.Benchmarks;

internal sealed class MySqlRawDriver : IRawDriver
{
    private readonly MySqlConnection _connection;
    private readonly MySqlCommand _select;
    private readonly MySqlCommand _insert;

    private MySqlRawDriver(MySqlConnection connection)
    {
        _connection = connection;
        _select = new MySqlCommand("SELECT id, name, email, age, created_at, version FROM bench_users WHERE id = @id", _connection);
        _select.Parameters.Add("@id", MySqlDbType.Int64);
        _select.Prepare();
        _insert = new MySqlCommand("INSERT INTO bench_users (name, email, age, created_at, version) VALUES (@name, @email, @age, @created, 1)", _connection);
        _insert.Parameters.Add("@name", MySqlDbType.VarChar);
        _insert.Parameters.Add("@email", MySqlDbType.VarChar);
        _insert.Parameters.Add("@age", MySqlDbType.Int32);
        _insert.Parameters.Add("@created", MySqlDbType.DateTime);
        _insert.Prepare();
    }

    public static async Task<MySqlRawDriver> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return new MySqlRawDriver(connection);
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
                CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)),
                Version = reader.GetInt64(5),
            }
            : null;
    }

    public async Task<long> InsertAsync(BenchUser user)
    {
        _insert.Transaction = null;
        Bind(user);
        await _insert.ExecuteNonQueryAsync();
        return _insert.LastInsertedId;
    }

    public async Task InsertBatchAsync(IReadOnlyList<BenchUser> users)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        foreach (var user in users)
        {
            Bind(user);
            await _insert.ExecuteNonQueryAsync();
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
        _insert.Parameters[3].Value = user.CreatedAt.UtcDateTime;
    }
}
