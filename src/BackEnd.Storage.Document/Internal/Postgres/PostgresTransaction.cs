using Npgsql;

namespace BackEnd.Storage.Document.Internal.Postgres;

/// <summary>A PostgreSQL transaction on one rented connection; operations in it run one at a time, as the connection requires.</summary>
internal sealed class PostgresTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IEngineTransaction
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ended;

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_ended, this);
            return await work(connection, transaction).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => EndAsync(commit: true, cancellationToken);

    public Task RollbackAsync(CancellationToken cancellationToken) => EndAsync(commit: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            try
            {
                await EndAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageUnavailableException)
            {
                // The connection is gone, and the server rolled the transaction back with it.
            }
        }
    }

    private async Task EndAsync(bool commit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_ended)
            {
                throw new InvalidOperationException("The transaction has already ended.");
            }

            _ended = true;
            if (commit)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException && PostgresErrors.Translate(exception) is { } translated)
        {
            throw translated;
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            _gate.Release();
        }
    }
}
