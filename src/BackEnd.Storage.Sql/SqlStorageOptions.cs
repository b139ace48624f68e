using System.Reflection;
using BackEnd.Storage.Sql.Migrations;

namespace BackEnd.Storage.Sql;

/// <summary>Configures the relational store: which database, how to reach it, its safety settings and its migrations.</summary>
/// <remarks>Validated when the application starts; a missing connection string or a bad value stops start-up with a clear message.</remarks>
public sealed class SqlStorageOptions
{
    /// <summary>Gets or sets the database engine.</summary>
    /// <value>Default: <see cref="SqlDatabaseKind.Sqlite"/>.</value>
    public SqlDatabaseKind Database { get; set; } = SqlDatabaseKind.Sqlite;

    /// <summary>Gets or sets the connection string; when <see langword="null"/>, <c>ConnectionStrings:{ConnectionStringName}</c> from configuration is used.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the name of the configuration connection string used when <see cref="ConnectionString"/> is not set.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.ConnectionStringName"/> (<c>Default</c>).</value>
    public string ConnectionStringName { get; set; } = SqlStorageDefaults.ConnectionStringName;

    /// <summary>Gets or sets SQLite's commit durability.</summary>
    /// <value>Default: <see cref="SqliteSynchronousMode.Normal"/> (safe with WAL against application crashes).</value>
    public SqliteSynchronousMode SqliteSynchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>Gets or sets how long SQLite waits for another writer before the operation fails as unavailable.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.BusyTimeout"/> (5 s).</value>
    public TimeSpan BusyTimeout { get; set; } = SqlStorageDefaults.BusyTimeout;

    /// <summary>Gets or sets how long a statement may run and how long to wait for a pooled connection.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.CommandTimeout"/> (30 s).</value>
    public TimeSpan CommandTimeout { get; set; } = SqlStorageDefaults.CommandTimeout;

    /// <summary>Gets or sets the most SQLite connections kept open (PostgreSQL uses Npgsql's pool, configured in its connection string).</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.MaxPoolSize"/> (16).</value>
    public int MaxPoolSize { get; set; } = SqlStorageDefaults.MaxPoolSize;

    /// <summary>Gets or sets how often the SQLite pool checks that the database file still exists, so a deleted file is reported instead of silently recreated.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.FileCheckInterval"/> (1 s); <see cref="TimeSpan.Zero"/> checks on every operation.</value>
    public TimeSpan FileCheckInterval { get; set; } = SqlStorageDefaults.FileCheckInterval;

    /// <summary>Gets or sets whether pending migrations are applied when the application starts.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ApplyMigrationsOnStartup { get; set; } = true;

    /// <summary>Gets or sets the table that records applied migrations.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.MigrationsTable"/> (<c>__backend_migrations</c>).</value>
    public string MigrationsTable { get; set; } = SqlStorageDefaults.MigrationsTable;

    /// <summary>Gets the migrations, in any order; they are applied by ascending <see cref="SqlMigration.Version"/>.</summary>
    public IList<SqlMigration> Migrations { get; } = [];

    /// <summary>Uses an SQLite database file.</summary>
    /// <param name="connectionString">For example <c>Data Source=app.db</c>; <see langword="null"/> reads <c>ConnectionStrings:Default</c>.</param>
    /// <returns>These options.</returns>
    public SqlStorageOptions UseSqlite(string? connectionString = null)
    {
        Database = SqlDatabaseKind.Sqlite;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Uses a PostgreSQL server.</summary>
    /// <param name="connectionString">An Npgsql connection string; <see langword="null"/> reads <c>ConnectionStrings:Default</c>.</param>
    /// <returns>These options.</returns>
    public SqlStorageOptions UsePostgres(string? connectionString = null)
    {
        Database = SqlDatabaseKind.Postgres;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Adds one migration.</summary>
    /// <param name="migration">The migration.</param>
    /// <returns>These options.</returns>
    public SqlStorageOptions AddMigration(SqlMigration migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migrations.Add(migration);
        return this;
    }

    /// <summary>Adds the <c>.sql</c> files embedded in an assembly under a folder, named <c>0001_create_users.sql</c>, or <c>0001_create_users.sqlite.sql</c> / <c>.postgres.sql</c> for one database only.</summary>
    /// <param name="assembly">The assembly with <c>&lt;EmbeddedResource Include="Migrations\*.sql" /&gt;</c>.</param>
    /// <param name="folder">The folder of the files inside the project.</param>
    /// <returns>These options.</returns>
    public SqlStorageOptions AddMigrationsFromAssembly(Assembly assembly, string folder = "Migrations")
    {
        foreach (var migration in SqlMigration.FromEmbeddedResources(assembly, folder))
        {
            Migrations.Add(migration);
        }

        return this;
    }
}
