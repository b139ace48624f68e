using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A fresh, empty database for one migration test: a SQLite file or a PostgreSQL schema.</summary>
public sealed class MigrationDatabase : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private readonly PostgresSchema? _schema;
    private readonly MySqlTestDatabase? _mysql;

    private MigrationDatabase(TempDirectory? directory, PostgresSchema? schema, MySqlTestDatabase? mysql = null)
    {
        _directory = directory;
        _schema = schema;
        _mysql = mysql;
    }

    public static async Task<MigrationDatabase> CreateAsync(SqlDatabaseKind kind) => kind switch
    {
        SqlDatabaseKind.Postgres => new MigrationDatabase(null, await PostgresSchema.CreateAsync()),
        SqlDatabaseKind.MySql => new MigrationDatabase(null, null, await MySqlTestDatabase.CreateAsync()),
        _ => new MigrationDatabase(new TempDirectory(), null),
    };

    public SqlStoreHost Host(params BackEnd.Storage.Sql.Migrations.SqlMigration[] migrations) => Host(_ => { }, migrations);

    public SqlStoreHost Host(Action<SqlStorageOptions> configure, params BackEnd.Storage.Sql.Migrations.SqlMigration[] migrations) => SqlStoreHost.Create(o =>
    {
        if (_schema is not null)
        {
            o.UsePostgres(_schema.ConnectionString);
        }
        else if (_mysql is not null)
        {
            o.UseMySql(_mysql.ConnectionString);
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
        if (_mysql is not null)
        {
            await _mysql.DisposeAsync();
        }

        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
