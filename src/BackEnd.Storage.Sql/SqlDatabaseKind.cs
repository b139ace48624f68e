namespace BackEnd.Storage.Sql;

/// <summary>The database engine a <see cref="SqlStorageOptions"/> talks to.</summary>
public enum SqlDatabaseKind
{
    /// <summary>SQLite, embedded in the process through a file (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL, a server shared by several application nodes.</summary>
    Postgres,

    /// <summary>MySQL or MariaDB, a server shared by several application nodes.</summary>
    MySql,
}
