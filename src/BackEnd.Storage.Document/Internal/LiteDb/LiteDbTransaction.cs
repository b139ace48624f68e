using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>A LiteDB transaction held on the worker thread; it keeps the worker until committed, rolled back or disposed.</summary>
internal sealed class LiteDbTransaction(LiteDbWorker worker) : IEngineTransaction
{
    private bool _ended;

    public Task<T> RunAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        return worker.PostAsync(work, cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => EndAsync(db => db.Commit());

    public Task RollbackAsync(CancellationToken cancellationToken) => EndAsync(db => db.Rollback());

    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            await EndAsync(db => db.Rollback()).ConfigureAwait(false);
        }
    }

    private async Task EndAsync(Func<LiteDatabase, bool> end)
    {
        if (_ended)
        {
            throw new InvalidOperationException("The transaction has already ended.");
        }

        _ended = true;
        try
        {
            await worker.PostAsync(end, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            worker.ReleaseTransaction();
        }
    }
}
