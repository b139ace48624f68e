using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BackEnd.Storage.Sql.Internal;
using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Sql.Migrations.Internal;

// Two nodes may start together. PostgreSQL: a session advisory lock keyed by schema and history table serializes them;
// MySQL/MariaDB: a named lock (GET_LOCK) keyed the same way. Both are polled without blocking a statement, so the wait is
// bounded by MigrationLockTimeout, not CommandTimeout. SQLite: each migration runs in BEGIN IMMEDIATE (the single write
// lock) and re-checks the history inside it, so the second node waits, then sees the migration applied and skips it.
internal sealed class SqlMigrator(SqlDatabase database, TimeProvider timeProvider) : ISqlMigrator
{
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = database.Logger;

    private SqlDialect Dialect => database.Dialect;

    private string Table => Dialect.Quote(database.Options.MigrationsTable);

    public async Task<IReadOnlyList<SqlMigrationInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var migrations = Resolve();
        var lease = await database.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var executor = new LeaseExecutor(Dialect, database.Telemetry, lease, transaction: null);
            var applied = await HistoryExistsAsync(executor, cancellationToken).ConfigureAwait(false)
                ? await ReadHistoryAsync(executor, cancellationToken).ConfigureAwait(false)
                : [];
            return [.. migrations.Select(m => new SqlMigrationInfo(m.Version, m.Name, m.Checksum, applied.GetValueOrDefault(m.Version)?.AppliedAt))];
        }
        finally
        {
            await database.ReturnAsync(lease).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SqlMigrationInfo>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var migrations = Resolve();
        var done = new List<SqlMigrationInfo>();
        var lease = await database.RentAsync(cancellationToken).ConfigureAwait(false);
        var executor = new LeaseExecutor(Dialect, database.Telemetry, lease, transaction: null);
        object? lockKey = null;
        try
        {
            lockKey = await LockAsync(executor, cancellationToken).ConfigureAwait(false);

            await executor.ExecuteAsync(CreateHistorySql(), cancellationToken: cancellationToken).ConfigureAwait(false);
            var applied = await ReadHistoryAsync(executor, cancellationToken).ConfigureAwait(false);
            CheckDrift(migrations, applied);
            foreach (var migration in migrations)
            {
                if (applied.ContainsKey(migration.Version))
                {
                    continue;
                }

                var info = await ApplyAsync(lease, migration, cancellationToken).ConfigureAwait(false);
                if (info is not null)
                {
                    done.Add(info);
                }
            }

            if (done.Count == 0)
            {
                Log.MigrationsUpToDate(_logger, database.Database, migrations.Count);
            }

            return done;
        }
        finally
        {
            if (lockKey is { } key)
            {
                try
                {
                    var unlock = database.Database == SqlDatabaseKind.Postgres ? "SELECT pg_advisory_unlock(@key)" : "SELECT RELEASE_LOCK(@key)";
                    await executor.ExecuteScalarAsync<object>(unlock, new { key }, CancellationToken.None).ConfigureAwait(false);
                }
                catch (StorageUnavailableException)
                {
                    // A lost session releases its advisory locks by itself.
                }
            }

            await database.ReturnAsync(lease).ConfigureAwait(false);
        }
    }

    // Polls a non-blocking lock, so no single statement waits (and CommandTimeout never cuts the wait short).
    private async Task<object?> LockAsync(LeaseExecutor executor, CancellationToken cancellationToken)
    {
        string sql;
        object key;
        switch (database.Database)
        {
            case SqlDatabaseKind.Postgres:
                var schema = await executor.ExecuteScalarAsync<string>("SELECT current_schema()", cancellationToken: cancellationToken).ConfigureAwait(false);
                key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{schema}.{database.Options.MigrationsTable}")));
                sql = "SELECT pg_try_advisory_lock(@key)";
                break;
            case SqlDatabaseKind.MySql:
                // Named locks are server-wide and at most 64 characters: a hash of database and table keeps them apart.
                var name = await executor.ExecuteScalarAsync<string>("SELECT DATABASE()", cancellationToken: cancellationToken).ConfigureAwait(false);
                key = "backend_migrate_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}.{database.Options.MigrationsTable}")))[..40];
                sql = "SELECT GET_LOCK(@key, 0)";
                break;
            default:
                return null;
        }

        var started = timeProvider.GetTimestamp();
        var logged = false;
        while (!await executor.ExecuteScalarAsync<bool>(sql, new { key }, cancellationToken).ConfigureAwait(false))
        {
            var waited = timeProvider.GetElapsedTime(started);
            if (waited >= database.Options.MigrationLockTimeout)
            {
                throw new SqlMigrationException(
                    "(lock)",
                    $"Another node has been applying migrations to the {database.Database} database for longer than MigrationLockTimeout "
                    + $"({database.Options.MigrationLockTimeout.TotalSeconds:0.###} s); start again when it is done, or raise MigrationLockTimeout.");
            }

            if (!logged)
            {
                Log.WaitingForMigrationLock(_logger, database.Database);
                logged = true;
            }

            await Task.Delay(LockPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return key;
    }

    private async Task<SqlMigrationInfo?> ApplyAsync(SqlLease lease, SqlMigration migration, CancellationToken cancellationToken)
    {
        var transaction = await lease.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var executor = new LeaseExecutor(Dialect, database.Telemetry, lease, transaction);
            var existing = await executor.QueryFirstOrDefaultAsync<MigrationHistoryRow>(
                $"SELECT version, name, checksum, applied_at FROM {Table} WHERE version = @version", new { version = migration.Version }, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                // Another node applied it while this one waited for the lock.
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                CheckDrift([migration], new Dictionary<long, MigrationHistoryRow> { [existing.Version] = existing });
                return null;
            }

            Log.MigrationApplying(_logger, migration.DisplayName);
            var started = timeProvider.GetTimestamp();
            try
            {
                await migration.ApplyAsync(executor, database.Database, cancellationToken).ConfigureAwait(false);
                var appliedAt = timeProvider.GetUtcNow();
                await executor.ExecuteAsync(
                    $"INSERT INTO {Table} (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @appliedAt)",
                    new { version = migration.Version, name = migration.Name, checksum = migration.Checksum, appliedAt },
                    cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
                Log.MigrationApplied(_logger, migration.DisplayName, elapsed);
                return new SqlMigrationInfo(migration.Version, migration.Name, migration.Checksum, appliedAt);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.MigrationFailed(_logger, migration.DisplayName, exception);
                var message = (exception as StorageException)?.InnerException?.Message ?? exception.Message;
                throw new SqlMigrationException(migration.DisplayName, $"Migration {migration.DisplayName} failed: {message}", exception);
            }
        }
    }

    private List<SqlMigration> Resolve()
    {
        var migrations = database.Options.Migrations
            .Where(m => m.Database is null || m.Database == database.Database)
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new SqlMigrationException(
                    migrations[i].DisplayName,
                    $"Migrations {migrations[i - 1].DisplayName} and {migrations[i].DisplayName} share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static void CheckDrift(List<SqlMigration> migrations, Dictionary<long, MigrationHistoryRow> applied)
    {
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var row) && !string.Equals(row.Checksum, migration.Checksum, StringComparison.Ordinal)
                && !migration.EquivalentChecksums.Contains(row.Checksum))
            {
                throw new SqlMigrationException(
                    migration.DisplayName,
                    $"Migration {migration.DisplayName} was changed after it was applied (checksum {Short(row.Checksum)} in the database, "
                    + $"{Short(migration.Checksum)} in the application); add a new migration instead of editing an applied one.");
            }
        }
    }

    // Checksums are SHA-256 hex for scripts, but a subclass may override Checksum with anything, even an empty string.
    private static string Short(string? checksum) => checksum is null ? "(none)" : checksum.Length <= 12 ? $"'{checksum}'" : checksum[..12];

    private string CreateHistorySql() => database.Database switch
    {
        SqlDatabaseKind.Postgres => $"CREATE TABLE IF NOT EXISTS {Table} (version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL)",
        SqlDatabaseKind.MySql => $"CREATE TABLE IF NOT EXISTS {Table} (version BIGINT PRIMARY KEY, name VARCHAR(255) NOT NULL, checksum VARCHAR(255) NOT NULL, applied_at DATETIME(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        _ => $"CREATE TABLE IF NOT EXISTS {Table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
    };

    private async Task<bool> HistoryExistsAsync(LeaseExecutor executor, CancellationToken cancellationToken)
    {
        var sql = database.Database switch
        {
            SqlDatabaseKind.Postgres => "SELECT to_regclass(@name) IS NOT NULL",
            SqlDatabaseKind.MySql => "SELECT COUNT(*) > 0 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @name",
            _ => "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = @name",
        };
        var name = database.Database == SqlDatabaseKind.Postgres ? Table : database.Options.MigrationsTable;
        return await executor.ExecuteScalarAsync<bool>(sql, new { name }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<long, MigrationHistoryRow>> ReadHistoryAsync(LeaseExecutor executor, CancellationToken cancellationToken)
    {
        var rows = await executor.QueryAsync<MigrationHistoryRow>(
            $"SELECT version, name, checksum, applied_at FROM {Table}", cancellationToken: cancellationToken).ConfigureAwait(false);
        Debug.Assert(rows.Select(r => r.Version).Distinct().Count() == rows.Count, "Versions are the history's primary key.");
        return rows.ToDictionary(r => r.Version);
    }
}
