using System.Buffers.Binary;
using System.Buffers.Text;
using System.Data;
using System.Data.Common;
using System.Security.Cryptography;

namespace BackEnd.Storage.Benchmarks;

// The baseline: the ADO.NET provider used directly, one open connection and one prepared command per statement,
// typed parameters, values read by ordinal. The SQL is what the repository sends for the same operation.
internal sealed class RawDriver : IAsyncDisposable
{
    private const string Columns = "id, name, email, age, created_at, version";

    private readonly DbConnection _connection;
    private readonly RawEngine _engine;
    private readonly DbCommand _select;
    private readonly DbCommand _insert;
    private readonly DbCommand _update;
    private readonly DbCommand _page;
    private readonly byte[] _cursorKey = RandomNumberGenerator.GetBytes(32);

    private RawDriver(DbConnection connection, RawEngine engine)
    {
        _connection = connection;
        _engine = engine;
        _select = Prepare($"SELECT {Columns} FROM bench_users WHERE id = @id", ("id", DbType.Int64));
        _insert = Prepare(
            "INSERT INTO bench_users (name, email, age, created_at, version) VALUES (@name, @email, @age, @created, 1)" + engine.InsertSuffix,
            ("name", DbType.String), ("email", DbType.String), ("age", DbType.Int32), ("created", engine.CreatedType));
        _update = Prepare(
            "UPDATE bench_users SET name = @name, email = @email, age = @age, created_at = @created, version = version + 1 WHERE id = @id AND version = @version",
            ("name", DbType.String), ("email", DbType.String), ("age", DbType.Int32), ("created", engine.CreatedType), ("id", DbType.Int64), ("version", DbType.Int64));
        _page = Prepare($"SELECT {Columns} FROM bench_users WHERE id > @after ORDER BY id LIMIT 101", ("after", DbType.Int64));
    }

    public static async Task<RawDriver> OpenAsync(DbConnection connection, RawEngine engine, string? setup = null)
    {
        await connection.OpenAsync();
        if (setup is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = setup;
            await command.ExecuteNonQueryAsync();
        }

        return new RawDriver(connection, engine);
    }

    public async Task<BenchUser?> GetAsync(long id)
    {
        _select.Parameters[0].Value = id;
        await using var reader = await _select.ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    public async Task<List<BenchUser>> PageAsync(long after)
    {
        _page.Parameters[0].Value = after;
        var rows = new List<BenchUser>(101);
        await using var reader = await _page.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    // The next page's cursor as a careful hand-written keyset endpoint makes one (the repository's page hands one out too):
    // the last id and an HMAC-SHA256 of it under a key made at start-up, base64url, so a client can neither forge nor alter it.
    public string NextCursor(long lastId)
    {
        Span<byte> token = stackalloc byte[sizeof(long) + HMACSHA256.HashSizeInBytes];
        BinaryPrimitives.WriteInt64LittleEndian(token, lastId);
        HMACSHA256.HashData(_cursorKey, token[..sizeof(long)], token[sizeof(long)..]);
        return Base64Url.EncodeToString(token);
    }

    public Task<long> InsertAsync(BenchUser user, DbTransaction? transaction = null)
    {
        _insert.Transaction = transaction;
        BindData(_insert, user);
        return _engine.InsertAsync(_insert);
    }

    public async Task UpdateAsync(BenchUser user)
    {
        BindData(_update, user);
        _update.Parameters[4].Value = user.Id;
        _update.Parameters[5].Value = user.Version;
        if (await _update.ExecuteNonQueryAsync() != 1)
        {
            throw new InvalidOperationException("version conflict");
        }
    }

    public async Task<DbTransaction> BeginTransactionAsync() => await _connection.BeginTransactionAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _select, _insert, _update, _page })
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private DbCommand Prepare(string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private void BindData(DbCommand command, BenchUser user)
    {
        command.Parameters[0].Value = user.Name;
        command.Parameters[1].Value = user.Email;
        command.Parameters[2].Value = user.Age;
        command.Parameters[3].Value = _engine.CreatedValue(user.CreatedAt);
    }

    private BenchUser Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Name = reader.GetString(1),
        Email = reader.GetString(2),
        Age = reader.GetInt32(3),
        CreatedAt = _engine.ReadCreated(reader, 4),
        Version = reader.GetInt64(5),
    };
}
