using System.Data.Common;
using System.Diagnostics.Metrics;
using BackEnd.Storage.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlDatabase : SqlExecutorBase, ISqlDatabase, IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger;

    public SqlDatabase(
        IOptions<SqlStorageOptions> options, TimeProvider timeProvider, CursorProtector cursors, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        : this(options.Value, timeProvider, cursors, loggerFactory ?? NullLoggerFactory.Instance, meterFactory)
    {
    }

    private SqlDatabase(SqlStorageOptions options, TimeProvider timeProvider, CursorProtector cursors, ILoggerFactory loggerFactory, IMeterFactory? meterFactory)
        : this(options, Create(options, timeProvider, loggerFactory), cursors, loggerFactory, meterFactory)
    {
    }

    private SqlDatabase(SqlStorageOptions options, SqlConnectionSource source, CursorProtector cursors, ILoggerFactory loggerFactory, IMeterFactory? meterFactory)
        : base(source.Dialect, new SqlTelemetry(source.Dialect.Kind, meterFactory))
    {
        Options = options;
        Source = source;
        Cursors = cursors;
        _logger = loggerFactory.CreateLogger("BackEnd.Storage.Sql");
    }

    public CursorProtector Cursors { get; }

    public SqlStorageOptions Options { get; }

    public SqlConnectionSource Source { get; }

    public ILogger Logger => _logger;

    protected override DbTransaction? Transaction => null;

    public IRepository<TEntity, TKey> GetRepository<TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
        => new SqlRepository<TEntity, TKey>(this, Cursors);

    public async ValueTask<ISqlTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await lease.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new SqlTransaction(this, lease, transaction);
        }
        catch (Exception exception)
        {
            await ReleaseAsync(lease).ConfigureAwait(false);
            if (Dialect.Translate(exception) is { } translated && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw translated;
            }

            throw;
        }
    }

    async ValueTask<IStorageTransaction> IEntityStore.BeginTransactionAsync(CancellationToken cancellationToken)
        => await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        Telemetry.Dispose();
        return Source.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal async ValueTask<SqlLease> RentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Source.RentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not StorageException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            && Dialect.Translate(exception) is { } translated)
        {
            Log.DatabaseUnavailable(_logger, Database, exception);
            throw translated;
        }
    }

    internal ValueTask ReturnAsync(SqlLease lease) => Source.ReturnAsync(lease);

    protected override ValueTask<SqlLease> AcquireAsync(CancellationToken cancellationToken)
        => Source.TryRentIdle(out var lease) ? ValueTask.FromResult(lease) : RentAsync(cancellationToken);

    protected override ValueTask ReleaseAsync(SqlLease lease) => Source.ReturnAsync(lease);

    protected override void OnUnavailable(Exception exception)
    {
        Log.DatabaseUnavailable(_logger, Database, exception);
        if (Source is ServerConnectionPool pool)
        {
            pool.Clear();
        }
    }

    private static SqlConnectionSource Create(SqlStorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory) => options.Database switch
    {
        SqlDatabaseKind.Postgres => new PostgresConnectionSource(options),
        SqlDatabaseKind.MySql => new MySqlConnectionSource(options),
        _ => new SqliteConnectionPool(options, timeProvider, loggerFactory.CreateLogger("BackEnd.Storage.Sql.Sqlite")),
    };
}
