using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Migrations;

/// <summary>A fresh, empty database for one migration test: a SQLite file or a PostgreSQL schema.</summary>
public sealed class MigrationDatabase : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private readonly PostgresSchema? _schema;

    private MigrationDatabase(TempDirectory? directory, PostgresSchema? schema)
    {
        _directory = directory;
        _schema = schema;
    }

    public static async Task<MigrationDatabase> CreateAsync(SqlDatabaseKind kind)
        => kind == SqlDatabaseKind.Postgres
            ? new MigrationDatabase(null, await PostgresSchema.CreateAsync())
            : new MigrationDatabase(new TempDirectory(), null);

    public SqlStoreHost Host(params BackEnd.Storage.Sql.Migrations.SqlMigration[] migrations) => SqlStoreHost.Create(o =>
    {
        if (_schema is not null)
        {
            o.UsePostgres(_schema.ConnectionString);
        }
        else
        {
            o.UseSqlite($"Data Source={_directory!.File("migrations.db")}");
        }

        foreach (var migration in migrations)
        {
            o.AddMigration(migration);
        }
    });

    public async ValueTask DisposeAsync()
    {
        _directory?.Dispose();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
