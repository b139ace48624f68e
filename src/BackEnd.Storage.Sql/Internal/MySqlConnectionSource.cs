using System.Data.Common;
using MySqlConnector;

namespace BackEnd.Storage.Sql.Internal;

// MySqlConnector pools physical connections. The session setup (strict sql_mode, UTC) runs when a connection is new or
// was reset; BackEnd's own statements leave no session state, so the per-use reset is off unless the connection string
// asks for it, and a connection on which caller SQL may have changed the session is reset (and set up again) on return.
internal sealed class MySqlConnectionSource : ServerConnectionPool
{
    // As many texts as PostgreSQL's auto-prepare keeps per connection (see PostgresConnectionSource).
    private const int MaxPreparedStatements = 64;

    private readonly MySqlDataSource _dataSource;
    private readonly bool _resetsOnOpen;
    private readonly ServerPreparedStatements _prepared = new(MaxPreparedStatements);

    public MySqlConnectionSource(SqlStorageOptions options)
        : base(options.MaxPoolSize)
    {
        var builder = new MySqlConnectionStringBuilder(options.ConnectionString!);
        if (!options.ConnectionString!.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionReset = false;
        }

        _resetsOnOpen = builder.ConnectionReset;
        builder.DefaultCommandTimeout = (uint)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        builder.DateTimeKind = MySqlDateTimeKind.Utc;
        _dataSource = new MySqlDataSourceBuilder(builder.ConnectionString)
            .UseConnectionOpenedCallback(static async (context, cancellationToken) =>
            {
                if (context.Conditions != MySqlConnectionOpenedConditions.None)
                {
                    await SetUpAsync(context.Connection, cancellationToken).ConfigureAwait(false);
                }
            })
            .Build();
    }

    public override SqlDialect Dialect => MySqlDialect.Instance;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    // Without a prepared statement MySQL parses each statement anew and sends rows as text: a point read cost a quarter
    // more than the prepared command it was measured against. A kept command is prepared once, on its first use.
    protected override SqlLease CreateLease(DbConnection connection, int generation)
        => new(connection, cacheCommands: true, generation) { ServerPrepared = _prepared };

    protected override async ValueTask CloseAsync(SqlLease lease)
    {
        if (lease.SessionChanged && !_resetsOnOpen && lease.Connection is MySqlConnection { State: System.Data.ConnectionState.Open } connection)
        {
            try
            {
                // Resetting the session here (COM_RESET_CONNECTION) would also drop its prepared statements on the server while
                // MySqlConnector keeps using its handles for them ("Unknown prepared statement handler"). A session whose
                // database was changed is instead reset by the pool itself when next handed out, with its prepared
                // statements forgotten and the set-up callback run again; changing to the current database marks it so.
                await connection.ChangeDatabaseAsync(string.IsNullOrEmpty(connection.Database) ? "information_schema" : connection.Database).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is MySqlException or InvalidOperationException or IOException or TimeoutException)
            {
                // A session that cannot even do this is broken, and the driver does not pool a broken session.
            }
        }

        lease.Dispose();
    }

    protected override ValueTask DisposeDriverAsync() => _dataSource.DisposeAsync();

    private static async Task SetUpAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = MySqlDialect.SessionSetup;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
