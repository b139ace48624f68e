using System.Globalization;
using BackEnd.Auth.Internal;
using BackEnd.Auth.Tests.Support;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Tests.Internal;

public sealed class HashingQueueTests
{
    [Fact]
    public async Task RunAsync_ManyAtOnce_RunsAtMostTheConfiguredNumberOffThePool()
    {
        var options = new AuthOptions();
        options.Passwords.MaxConcurrentHashes = 2;
        using var queue = new HashingQueue(Options.Create(options));
        var running = 0;
        var peak = 0;
        var onPool = 0;

        var tasks = Enumerable.Range(0, 12).Select(_ => queue.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                Interlocked.Increment(ref onPool);
            }

            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
            return now;
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(tasks);

        Assert.InRange(peak, 1, 2);
        Assert.Equal(0, onPool);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_FaultsThatTaskOnly()
    {
        using var queue = new HashingQueue(Options.Create(new AuthOptions()));

        await Assert.ThrowsAsync<ArgumentException>(() => queue.RunAsync<int>(() => throw new ArgumentException("bad"), CancellationToken.None));

        Assert.Equal(7, await queue.RunAsync(() => 7, CancellationToken.None));
    }

    [LinuxFact]
    public async Task RunAsync_ByDefault_HashesBelowTheCallersPriorityAndCompletesTheTask()
    {
        using var queue = new HashingQueue(Options.Create(new AuthOptions()));
        var callers = ThreadNice();

        var (hashing, seenOnThread) = await queue.RunAsync(() => (ThreadNice(), Environment.CurrentManagedThreadId), CancellationToken.None);

        Assert.Equal(Math.Min(callers + HashingQueue.LowerNice, 19), hashing);
        Assert.NotEqual(Environment.CurrentManagedThreadId, seenOnThread);

        // Continuations run on the pool at the pool's priority, never on a lowered thread.
        Assert.Equal(callers, ThreadNice());
    }

    [LinuxFact]
    public async Task RunAsync_LowerPriorityOff_HashesAtTheCallersPriority()
    {
        var options = new AuthOptions();
        options.Passwords.LowerHashingPriority = false;
        using var queue = new HashingQueue(Options.Create(options));

        Assert.Equal(ThreadNice(), await queue.RunAsync(ThreadNice, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_CancelledWhileQueued_CancelsWithoutRunningTheWork()
    {
        var options = new AuthOptions();
        options.Passwords.MaxConcurrentHashes = 1;
        using var queue = new HashingQueue(Options.Create(options));
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var ran = 0;

        var blocking = queue.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None);
        var queued = queue.RunAsync(() => Interlocked.Increment(ref ran), cancel.Token);
        await cancel.CancelAsync();
        release.Set();

        Assert.True(await blocking);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, ran);
    }

    // Field 19 of /proc/thread-self/stat (after the parenthesised name, which may hold spaces) is the thread's nice value.
    private static int ThreadNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
