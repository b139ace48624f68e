using BackEnd.Auth.Internal;
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

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
