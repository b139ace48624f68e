namespace BackEnd.Storage.Sql;

/// <summary>The default values of <see cref="SqlStorageOptions"/>, written once.</summary>
public static class SqlStorageDefaults
{
    /// <summary>The name of the configuration connection string used when none is given (<c>ConnectionStrings:Default</c>).</summary>
    public const string ConnectionStringName = "Default";

    /// <summary>The history table of applied migrations.</summary>
    public const string MigrationsTable = "__backend_migrations";

    /// <summary>The most SQLite connections kept open; SQLite runs one writer at a time but many WAL readers.</summary>
    public const int MaxPoolSize = 16;

    /// <summary>The most bound parameters one statement may carry (an <c>IN (@list)</c> counts one per item): Microsoft.Data.Sqlite binds parameters by name in quadratic time, so 30,000 took over 30 s.</summary>
    public const int MaxParameters = 10_000;

    /// <summary>How long start-up waits for another node's migrations to finish.</summary>
    public static readonly TimeSpan MigrationLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long a statement may run, and how long to wait for a free connection.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long SQLite waits for another writer's lock before reporting the database busy.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a SQLite pool checks that its database file still exists.</summary>
    public static readonly TimeSpan FileCheckInterval = TimeSpan.FromSeconds(1);
}
