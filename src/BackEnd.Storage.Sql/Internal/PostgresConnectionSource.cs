using System.Data.Common;
using Npgsql;

namespace BackEnd.Storage.Sql.Internal;

// Npgsql pools physical connections and, with auto-prepare, keeps prepared statements on them across opens; the kept
// connections (ServerConnectionPool) also keep their commands, which Npgsql then runs without parsing their SQL again.
internal sealed class PostgresConnectionSource : ServerConnectionPool
{
    private const int DefaultMaxAutoPrepare = 64;

    // What Npgsql's own reset runs when statements are prepared (DISCARD ALL without DEALLOCATE ALL), so auto-prepared
    // statements stay valid. Run only after caller SQL that may have changed the session.
    private const string SessionReset =
        "CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _resetsOnClose;

    public PostgresConnectionSource(SqlStorageOptions options)
        : base(options.MaxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // Resetting a pooled session costs the server a batch of statements on every operation, doubling the latency of
        // a point read. BackEnd's own statements leave no session state behind, so Npgsql's reset is skipped unless asked
        // for, and a connection is reset only after caller SQL that may have changed its session (see ReturnAsync).
        if (!options.ConnectionString!.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        _resetsOnClose = !builder.NoResetOnClose;

        builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override SqlLease CreateLease(DbConnection connection, int generation) => new(connection, cacheCommands: true, generation);

    protected override async ValueTask CloseAsync(SqlLease lease)
    {
        if (lease.PlansStale && lease.Connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                // The physical connection goes back to Npgsql's pool, which would keep its outdated prepared statements.
                PostgresDialect.Instance.ForgetPrepared(lease.Connection);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                NpgsqlConnection.ClearPool((NpgsqlConnection)lease.Connection);
            }
        }

        if (lease.SessionChanged && !_resetsOnClose && lease.Connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                var command = lease.Connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = SessionReset;
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                // The session could not be reset, so it must not be reused: Npgsql drops a broken connector, and clearing
                // the pool's idle connectors covers the rest.
                NpgsqlConnection.ClearPool((NpgsqlConnection)lease.Connection);
            }
        }

        lease.Dispose();
    }

    protected override ValueTask DisposeDriverAsync() => _dataSource.DisposeAsync();
}
