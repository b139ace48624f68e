using System.Collections.Concurrent;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>
/// Serialises access to one LiteDB file: one operation or one transaction at a time. A single operation runs on the caller's thread
/// (LiteDB is thread-safe and each step is short and synchronous, as with LiteDB's own API; a hop to another thread cost more than the
/// operation under load), and callers that find the file busy wait asynchronously, so at most one thread per file is ever inside LiteDB.
/// A transaction runs on the file's own thread, because LiteDB binds a transaction to a thread and ours must survive the caller's awaits.
/// </summary>
internal sealed class LiteDbWorker : IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];
    private readonly Thread _thread;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _closing = new();
    private bool _disposed;

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

    /// <summary>Runs one operation on the caller's thread, after the operation or transaction that holds the file ends.</summary>
    public Task<T> RunAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            if (!_gate.Wait(0, CancellationToken.None))
            {
                return RunAfterWaitAsync(work, cancellationToken);
            }
        }
        catch (ObjectDisposedException exception)
        {
            return Task.FromException<T>(exception);
        }

        try
        {
            return Task.FromResult(Inline(work));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> RunAfterWaitAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Inline(work);
        }
        finally
        {
            _gate.Release();
        }
    }

    private T Inline<T>(Func<LiteDatabase, T> work)
    {
        // The gate keeps other operations out; this lock only keeps Dispose from closing the file under a running operation.
        lock (_closing)
        {
            return _disposed ? throw new ObjectDisposedException("The document store is disposed.") : work(Database);
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
        lock (_closing)
        {
            _disposed = true;
        }

        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _queue.Dispose();
        _gate.Dispose();
    }
}
