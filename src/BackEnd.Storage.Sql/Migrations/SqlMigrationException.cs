namespace BackEnd.Storage.Sql.Migrations;

/// <summary>A migration failed, or an applied migration was changed; start-up stops with this error.</summary>
public sealed class SqlMigrationException : Exception
{
    /// <summary>Initializes the error.</summary>
    /// <param name="migration">The display name of the migration, <c>0001_create_users</c>.</param>
    /// <param name="message">What went wrong, with the database's message.</param>
    /// <param name="innerException">The database's exception, if any.</param>
    public SqlMigrationException(string migration, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Migration = migration;
    }

    /// <summary>Gets the display name of the migration.</summary>
    public string Migration { get; }
}
