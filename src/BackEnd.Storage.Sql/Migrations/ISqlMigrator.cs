namespace BackEnd.Storage.Sql.Migrations;

/// <summary>Lists and applies the configured migrations; safe when several application nodes start at once.</summary>
public interface ISqlMigrator
{
    /// <summary>Lists every configured migration for this database, with whether and when it was applied.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The migrations by ascending version.</returns>
    Task<IReadOnlyList<SqlMigrationInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every pending migration in version order, each in its own transaction, under a database-wide lock.</summary>
    /// <param name="cancellationToken">Cancels between and inside migrations; the running one rolls back.</param>
    /// <returns>The migrations this call applied (none when another node applied them first).</returns>
    /// <exception cref="SqlMigrationException">A migration failed or an applied one was changed.</exception>
    Task<IReadOnlyList<SqlMigrationInfo>> MigrateAsync(CancellationToken cancellationToken = default);
}
