using System.Collections.Concurrent;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>
/// The one thread that touches a LiteDB file. LiteDB is synchronous and binds a transaction to its thread, so every operation runs here
/// and callers await it: no thread-pool thread blocks, and a transaction survives the caller's awaits because it never leaves this thread.
/// </summary>
internal sealed class LiteDbWorker : IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];
    private readonly Thread _thread;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LiteDbWorker(Func<LiteDatabase> open, string name)
    {
        var opened = new TaskCompletionSource();
        _thread = new Thread(() =>
        {
            try
            {
                Database = open();
                opened.SetResult();
            }
            catch (Exception exception)
            {
                opened.SetException(exception);
                return;
            }

            foreach (var work in _queue.GetConsumingEnumerable())
            {
                work();
            }

            Database.Dispose();
        })
        { IsBackground = true, Name = "LiteDB " + name };
        _thread.Start();
        try
        {
            // Opening is once per store and the file lock error must surface here, at open.
            opened.Task.GetAwaiter().GetResult();
        }
        catch
        {
            _queue.CompleteAdding();
            throw;
        }
    }

    public LiteDatabase Database { get; private set; } = null!;

    /// <summary>Runs one operation on the worker, after any open transaction ends.</summary>
    public async Task<T> RunAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PostAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes the worker for a transaction: other operations wait until <see cref="ReleaseTransaction"/>.</summary>
    public Task AcquireTransactionAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    public void ReleaseTransaction() => _gate.Release();

    /// <summary>Runs work inside the transaction that holds the worker.</summary>
    public Task<T> PostAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _queue.Add(() =>
            {
                try
                {
                    done.SetResult(work(Database));
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            }, CancellationToken.None);
        }
        catch (InvalidOperationException exception)
        {
            throw new ObjectDisposedException("The document store is disposed.", exception);
        }

        return done.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _queue.Dispose();
        _gate.Dispose();
    }
}
