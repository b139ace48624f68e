using Microsoft.Data.Sqlite;

namespace BackEnd.Storage.Benchmarks;

internal sealed class SqliteRawDriver : IRawDriver
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _insert;

    public SqliteRawDriver(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var pragmas = new SqliteCommand("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", _connection))
        {
            pragmas.ExecuteNonQuery();
        }

        _select = new SqliteCommand("SELECT id, name, email, age, created_at, version FROM bench_users WHERE id = @id", _connection);
        _select.Parameters.Add("@id", SqliteType.Integer);
        _select.Prepare();
        _insert = new SqliteCommand("INSERT INTO bench_users (name, email, age, created_at, version) VALUES (@name, @email, @age, @created, 1) RETURNING id", _connection);
        _insert.Parameters.Add("@name", SqliteType.Text);
        _insert.Parameters.Add("@email", SqliteType.Text);
        _insert.Parameters.Add("@age", SqliteType.Integer);
        _insert.Parameters.Add("@created", SqliteType.Text);
        _insert.Prepare();
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
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
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
        _insert.Parameters[3].Value = user.CreatedAt.UtcDateTime.ToString("yyyy'-'MM'-'dd HH':'mm':'ss'.'fffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
