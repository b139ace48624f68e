using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Runs password hashing on a fixed number of dedicated threads, so a flood of sign-ins queues here instead of taking
/// thread-pool threads that every other request needs.
/// </summary>
internal sealed class HashingQueue : IDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Thread[] _threads;

    public HashingQueue(IOptions<AuthOptions> options)
    {
        _threads = new Thread[options.Value.Passwords.MaxConcurrentHashes];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = "BackEnd.Auth hashing " + (i + 1) };
            _threads[i].Start();
        }
    }

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (cancellationToken.IsCancellationRequested)
        {
            completion.SetCanceled(cancellationToken);
            return completion.Task;
        }

        var queued = _work.Writer.TryWrite(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception exception)
            {
                completion.TrySetException(exception);
            }
        });
        if (!queued)
        {
            completion.SetException(new ObjectDisposedException(nameof(HashingQueue)));
        }

        return completion.Task;
    }

    public void Dispose() => _work.Writer.TryComplete();

    private void Work()
    {
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                item();
            }
        }
    }
}
