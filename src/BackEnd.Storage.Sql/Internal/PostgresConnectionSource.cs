using Npgsql;

namespace BackEnd.Storage.Sql.Internal;

// Npgsql pools physical connections and, with auto-prepare, keeps prepared statements on them across opens.
internal sealed class PostgresConnectionSource : SqlConnectionSource
{
    private const int DefaultMaxAutoPrepare = 64;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionSource(SqlStorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // Resetting a pooled session costs the server a batch of statements on every operation, doubling the latency of
        // a point read. BackEnd's operations leave no session state behind, so the reset is skipped unless asked for.
        if (!options.ConnectionString!.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override async ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new SqlLease(connection, cacheCommands: false);
    }

    public override ValueTask ReturnAsync(SqlLease lease) => lease.Connection.DisposeAsync();

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
