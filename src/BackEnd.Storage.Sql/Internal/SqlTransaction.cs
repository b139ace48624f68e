using System.Data.Common;

namespace BackEnd.Storage.Sql.Internal;

internal sealed class SqlTransaction(SqlDatabase database, SqlLease lease, DbTransaction transaction)
    : SqlExecutorBase(database.Dialect, database.Telemetry), ISqlTransaction
{
    private bool _completed;

    protected override DbTransaction? Transaction => transaction;

    public IRepository<TEntity, TKey> GetRepository<TEntity, TKey>()
        where TEntity : class
        where TKey : notnull
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        return new SqlRepository<TEntity, TKey>(this, database.Cursors);
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        try
        {
            ThrowIfEndedByDatabase();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Dialect.Translate(exception) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask RollbackAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        try
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Dialect.Translate(exception) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (Dialect.Translate(exception) is not null || exception is InvalidOperationException)
        {
            // The connection is gone (server restart, terminated backend); the database rolled the transaction back itself.
        }
        finally
        {
            await CompleteAsync().ConfigureAwait(false);
        }
    }

    protected override ValueTask<SqlLease> AcquireAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        ThrowIfEndedByDatabase();
        return ValueTask.FromResult(lease);
    }

    // Without this the driver's "transaction has completed" InvalidOperationException reached the caller as a 500.
    private void ThrowIfEndedByDatabase()
    {
        if (Dialect.TransactionEnded(lease.Connection))
        {
            throw new StorageUnavailableException(
                "The database rolled this transaction back on its own (an interrupted statement or an I/O error); nothing of it was committed. Start a new transaction.");
        }
    }

    // The transaction keeps its connection until it ends.
    protected override ValueTask ReleaseAsync(SqlLease lease) => ValueTask.CompletedTask;

    private async ValueTask CompleteAsync()
    {
        _completed = true;
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Even when disposing the driver's transaction fails (its rollback on a broken connection), the lease goes back:
            // otherwise its pool slot is lost for good. The pool closes a connection still inside a transaction.
            await database.ReturnAsync(lease).ConfigureAwait(false);
        }
    }
}
