using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A fresh, empty database for one migration test: a SQLite file, or a namespace on a PostgreSQL or MySQL server.</summary>
public sealed class MigrationDatabase : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private readonly ServerTestDatabase? _server;

    private MigrationDatabase(TempDirectory? directory, ServerTestDatabase? server)
    {
        _directory = directory;
        _server = server;
    }

    public static async Task<MigrationDatabase> CreateAsync(SqlDatabaseKind kind) => kind == SqlDatabaseKind.Sqlite
        ? new MigrationDatabase(new TempDirectory(), null)
        : new MigrationDatabase(null, await ServerTestDatabase.CreateAsync(kind));

    public SqlStoreHost Host(params BackEnd.Storage.Sql.Migrations.SqlMigration[] migrations) => Host(_ => { }, migrations);

    public SqlStoreHost Host(Action<SqlStorageOptions> configure, params BackEnd.Storage.Sql.Migrations.SqlMigration[] migrations) => SqlStoreHost.Create(o =>
    {
        if (_server is not null)
        {
            _server.Use(o);
        }
        else
        {
            o.UseSqlite($"Data Source={_directory!.File("migrations.db")}");
        }

        foreach (var migration in migrations)
        {
            o.AddMigration(migration);
        }

        configure(o);
    });

    public async ValueTask DisposeAsync()
    {
        _directory?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
