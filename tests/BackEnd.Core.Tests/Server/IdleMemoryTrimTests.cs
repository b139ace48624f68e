using System.Text;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// The idle trim is driven by the heartbeat and the server's clock; these tests drive both by hand (a clock that moves
/// only when told, heartbeats called directly), so they assert what ran, never how long anything took.
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private static readonly byte[] s_get = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

    [Fact]
    public async Task AfterABurstAndAnIdlePeriod_TrimRunsOnce_AndAgainAfterTheNextActivity()
    {
        var clock = new ManualClock();
        var services = new ServerServices(new BackEndServerOptions { IdleMemoryTrim = TimeSpan.FromSeconds(2) }, Ok, timeProvider: clock);
        var trim = services.IdleTrim ?? throw new InvalidOperationException("The trim is on by configuration.");

        // A burst: requests that allocate, on a connection that then closes.
        var connection = new InMemoryConnection(services);
        for (var i = 0; i < 20; i++)
        {
            await connection.WriteAsync(s_get);
        }

        Assert.Equal(20, CountOf(Encoding.ASCII.GetString(await connection.FinishAsync()), "HTTP/1.1 200 "));
        Burst();

        Beat(services, clock); // 1 s: the connection is new since the last look: activity.
        Beat(services, clock); // 2 s: idle for 1 s.
        Assert.Equal(0, trim.Runs);
        Beat(services, clock); // 3 s: idle for 2 s.
        Assert.Equal(1, trim.Runs);
        for (var i = 0; i < 10; i++)
        {
            Beat(services, clock);
        }

        Assert.Equal(1, trim.Runs); // once per idle period

        var second = new InMemoryConnection(services);
        await second.WriteAsync(s_get);
        Assert.Equal(1, CountOf(Encoding.ASCII.GetString(await second.FinishAsync()), "HTTP/1.1 200 "));
        Beat(services, clock);
        Beat(services, clock);
        Beat(services, clock);
        Assert.Equal(2, trim.Runs);
    }

    [Fact]
    public async Task UnderContinuousRequests_TrimNeverRuns()
    {
        var clock = new ManualClock();
        var served = 0;
        var services = new ServerServices(
            new BackEndServerOptions { IdleMemoryTrim = TimeSpan.FromSeconds(2) },
            context =>
            {
                Interlocked.Increment(ref served);
                return Ok(context);
            },
            timeProvider: clock);
        var trim = services.IdleTrim!;
        var connection = new InMemoryConnection(services);

        // One keep-alive connection, one request between every two heartbeats, for 30 heartbeats (30 s of clock).
        for (var i = 1; i <= 30; i++)
        {
            await connection.WriteAsync(s_get);
            await WaitUntilAsync(() => Volatile.Read(ref served) == i);
            Beat(services, clock);
        }

        Assert.Equal(0, trim.Runs);
        Assert.Equal(30, CountOf(Encoding.ASCII.GetString(await connection.FinishAsync()), "HTTP/1.1 200 "));
    }

    [Fact]
    public async Task ARequestStillRunning_KeepsTheServerActive()
    {
        var clock = new ManualClock();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServerServices(
            new BackEndServerOptions { IdleMemoryTrim = TimeSpan.FromSeconds(2) },
            async context =>
            {
                started.TrySetResult();
                await release.Task;
                await Ok(context);
            },
            timeProvider: clock);
        var trim = services.IdleTrim!;
        var connection = new InMemoryConnection(services);
        await connection.WriteAsync(s_get);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        for (var i = 0; i < 10; i++)
        {
            Beat(services, clock);
        }

        Assert.Equal(0, trim.Runs);
        release.SetResult();
        Assert.Equal(1, CountOf(Encoding.ASCII.GetString(await connection.FinishAsync()), "HTTP/1.1 200 "));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // Timeout.InfiniteTimeSpan
    public void Disabled_HasNoTrim(int milliseconds)
    {
        var clock = new ManualClock();
        var services = new ServerServices(new BackEndServerOptions { IdleMemoryTrim = TimeSpan.FromMilliseconds(milliseconds) }, Ok, timeProvider: clock);

        Assert.Null(services.IdleTrim);
        for (var i = 0; i < 5; i++)
        {
            Beat(services, clock); // the heartbeat runs without it
        }
    }

    [Fact]
    public void NegativeDelay_FailsValidation_ZeroAndInfiniteDoNot()
    {
        var validator = new BackEndServerOptionsValidator();

        var failed = validator.Validate(null, new BackEndServerOptions { IdleMemoryTrim = TimeSpan.FromSeconds(-1) });
        Assert.True(failed.Failed);
        Assert.Contains("IdleMemoryTrim", failed.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new BackEndServerOptions { IdleMemoryTrim = TimeSpan.Zero }).Succeeded);
        Assert.True(validator.Validate(null, new BackEndServerOptions { IdleMemoryTrim = Timeout.InfiniteTimeSpan }).Succeeded);
    }

    [Fact]
    public void DefaultIsOff()
    {
        Assert.Equal(TimeSpan.Zero, new BackEndServerOptions().IdleMemoryTrim);
        Assert.Null(new ServerServices(new BackEndServerOptions(), Ok).IdleTrim);
    }

    private static ValueTask Ok(HttpContext context)
    {
        context.Response.StatusCode = 200;
        return ValueTask.CompletedTask;
    }

    private static void Beat(ServerServices services, ManualClock clock)
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        services.Heartbeat();
    }

    private static void Burst()
    {
        var kept = new List<byte[]>();
        for (var i = 0; i < 2_000; i++)
        {
            kept.Add(new byte[8 * 1024]);
        }

        GC.KeepAlive(kept);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "The request was not served.");
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A clock that moves only when told, so the heartbeats see exactly the idle time the test means.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _timestamp = 1_000_000_000;

        public override long GetTimestamp() => Volatile.Read(ref _timestamp);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
    }
}
