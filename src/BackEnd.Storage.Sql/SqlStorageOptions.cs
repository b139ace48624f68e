using System.Diagnostics.CodeAnalysis;
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

    /// <summary>Gets or sets how long one statement may run before it is stopped, and how long to wait for a pooled SQLite connection.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.CommandTimeout"/> (30 s).</value>
    /// <remarks>
    /// A statement that runs longer is stopped and fails as <see cref="StorageUnavailableException"/> (503). On SQLite BackEnd interrupts it
    /// itself (<c>sqlite3_interrupt</c> semantics, checked every 1,000 virtual-machine steps), in whole-statement time, and the connection goes back
    /// to the pool; PostgreSQL and MySQL/MariaDB cancel it on the server (whole seconds, rounded up). A cancelled <see cref="CancellationToken"/>
    /// stops a running statement the same way, with <see cref="OperationCanceledException"/>. The time spent waiting for SQLite's write lock is
    /// <see cref="BusyTimeout"/>, and the wait for the migration lock is <see cref="MigrationLockTimeout"/>; neither counts here.
    /// </remarks>
    public TimeSpan CommandTimeout { get; set; } = SqlStorageDefaults.CommandTimeout;

    /// <summary>Gets or sets how long start-up waits for another node that is applying migrations (PostgreSQL and MySQL/MariaDB) before it fails.</summary>
    /// <value>Default: <see cref="SqlStorageDefaults.MigrationLockTimeout"/> (10 min).</value>
    public TimeSpan MigrationLockTimeout { get; set; } = SqlStorageDefaults.MigrationLockTimeout;

    /// <summary>Gets or sets the most connections kept open with their prepared statements: on SQLite all there are; on PostgreSQL and MySQL those kept between operations, more coming from the driver's pool (its connection string's Max Pool Size).</summary>
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

    // The entity types whose tables start-up creates when they are missing (CreateTablesFor).
    internal List<Type> CreateTablesForTypes { get; } = [];

    // Assemblies given to AddMigrationsFromAssembly that held no migration; start-up logs a warning for each.
    internal List<string> AssembliesWithoutMigrations { get; } = [];
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

    /// <summary>Uses a MySQL or MariaDB server.</summary>
    /// <param name="connectionString">A MySqlConnector connection string (<c>Server=…;User ID=…;Password=…;Database=…</c>); <see langword="null"/> reads <c>ConnectionStrings:Default</c>.</param>
    /// <returns>These options.</returns>
    /// <remarks>Sessions run in strict SQL mode (too-long text, out-of-range numbers and zero dates are errors, not truncations) with a UTC time zone.</remarks>
    public SqlStorageOptions UseMySql(string? connectionString = null)
    {
        Database = SqlDatabaseKind.MySql;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>
    /// <b>For prototypes only.</b> Creates the table of <typeparamref name="TEntity"/> at start-up when it is missing (after migrations run),
    /// with a column per mapped member, the key as primary key (an identity for <c>long</c>/<c>int</c> keys), and NOT NULL where the member cannot be null.
    /// </summary>
    /// <typeparam name="TEntity">The entity type, mapped as repositories map it.</typeparam>
    /// <returns>These options.</returns>
    /// <remarks>
    /// It never changes an existing table: a member added later gets no column, and there is no history of what was created. Before data
    /// matters, write the table as a migration (<see cref="AddMigrationsFromAssembly"/>) and remove this call.
    /// </remarks>
    public SqlStorageOptions CreateTablesFor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors)] TEntity>()
        where TEntity : class
    {
        if (!CreateTablesForTypes.Contains(typeof(TEntity)))
        {
            CreateTablesForTypes.Add(typeof(TEntity));
        }

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

    /// <summary>Adds the <c>.sql</c> files embedded in an assembly under a folder, named <c>0001_create_users.sql</c>, or <c>0001_create_users.sqlite.sql</c> / <c>.postgres.sql</c> / <c>.mysql.sql</c> for one database only.</summary>
    /// <param name="assembly">The assembly whose project file embeds them: <c>&lt;ItemGroup&gt;&lt;EmbeddedResource Include="Migrations\*.sql" /&gt;&lt;/ItemGroup&gt;</c>.</param>
    /// <param name="folder">The folder of the files inside the project.</param>
    /// <returns>These options.</returns>
    /// <remarks>An assembly without any such file is logged as a warning at start-up: usually the <c>EmbeddedResource</c> item is missing.</remarks>
    public SqlStorageOptions AddMigrationsFromAssembly(Assembly assembly, string folder = "Migrations")
    {
        var found = SqlMigration.FromEmbeddedResources(assembly, folder);
        if (found.Count == 0)
        {
            AssembliesWithoutMigrations.Add($"{assembly.GetName().Name} ({folder})");
        }

        foreach (var migration in found)
        {
            Migrations.Add(migration);
        }

        return this;
    }
}
