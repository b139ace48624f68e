using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Runs password hashing on a fixed number of dedicated threads, so a flood of sign-ins queues here instead of taking
/// thread-pool threads that every other request needs; by default below the request threads' priority, so a hash waits for
/// the CPU instead of a request.
/// </summary>
internal sealed class HashingQueue : IDisposable
{
    // Nice 10 weighs about a tenth of a normal thread in Linux's scheduler: hashing still progresses on a saturated machine.
    internal const int LowerNice = 10;

    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Thread[] _threads;

    // Set when the hashing threads run at lower priority: they hand each result to this normal-priority thread, which
    // completes the task. Completing a task queues its continuation to the thread pool, which may start a pool thread on the
    // completing thread, and a Linux thread inherits its creator's nice value (which an unprivileged thread cannot lower
    // again): a thread that serves requests must never be started by a hashing thread.
    private readonly BlockingCollection<Action>? _completions;
    private int _running;

    public HashingQueue(IOptions<AuthOptions> options)
    {
        var passwords = options.Value.Passwords;
        _threads = new Thread[passwords.MaxConcurrentHashes];
        _running = _threads.Length;
        if (passwords.LowerHashingPriority)
        {
            _completions = [];
            new Thread(Complete) { IsBackground = true, Name = "BackEnd.Auth hash results" }.Start();
        }

        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(_completions is null ? Work : WorkBelowNormal) { IsBackground = true, Name = "BackEnd.Auth hashing " + (i + 1) };
            if (_completions is not null)
            {
                // Reaches the scheduler on Windows; on Linux the runtime ignores it, hence WorkBelowNormal.
                _threads[i].Priority = ThreadPriority.BelowNormal;
            }

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
                Hand(() => completion.TrySetCanceled(cancellationToken));
                return;
            }

            T result;
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                Hand(() => completion.TrySetException(exception));
                return;
            }

            Hand(() => completion.TrySetResult(result));
        });
        if (!queued)
        {
            completion.SetException(new ObjectDisposedException(nameof(HashingQueue)));
        }

        return completion.Task;
    }

    public void Dispose() => _work.Writer.TryComplete();

    private void Hand(Action complete)
    {
        if (_completions is null)
        {
            complete();
        }
        else
        {
            _completions.Add(complete);
        }
    }

    private void WorkBelowNormal()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // Linux schedules each thread on its own, so the nice value set here is this thread's alone; raising it needs
                // no privilege. A failure leaves the thread at normal priority: slower for other requests, never wrong.
                _ = NativeMethods.setpriority(NativeMethods.PrioProcess, NativeMethods.gettid(), LowerNice);
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }

        Work();
    }

    private void Work()
    {
        try
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
        finally
        {
            // The last hashing thread out ends the results thread once every result it handed over is delivered.
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _completions?.CompleteAdding();
            }
        }
    }

    private void Complete()
    {
        foreach (var complete in _completions!.GetConsumingEnumerable())
        {
            complete();
        }

        _completions.Dispose();
    }

    private static class NativeMethods
    {
        public const int PrioProcess = 0;

        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int gettid();

        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setpriority(int which, int who, int prio);
    }
}
