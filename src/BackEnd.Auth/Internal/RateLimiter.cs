using System.Collections.Concurrent;
using System.Net;

namespace BackEnd.Auth.Internal;

/// <summary>Fixed one-minute windows per client IP and purpose; kept in this node's memory (a limit per node).</summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private const int SweepThreshold = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Purpose, IPAddress? Address), Counter> _counters = new();

    /// <summary>Takes a permit; returns how long to wait when none is left.</summary>
    public TimeSpan? TryAcquire(string purpose, IPAddress? address, int permitsPerMinute)
    {
        if (permitsPerMinute <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_counters.Count > SweepThreshold)
        {
            foreach (var (key, stale) in _counters)
            {
                if (stale.WindowStart + Window <= now)
                {
                    _counters.TryRemove(key, out _);
                }
            }
        }

        var counter = _counters.GetOrAdd((purpose, address), static (_, start) => new Counter(start), now);
        lock (counter)
        {
            if (counter.WindowStart + Window <= now)
            {
                counter.WindowStart = now;
                counter.Count = 0;
            }

            if (counter.Count >= permitsPerMinute)
            {
                return counter.WindowStart + Window - now;
            }

            counter.Count++;
            return null;
        }
    }

    private sealed class Counter(DateTimeOffset start)
    {
        public DateTimeOffset WindowStart { get; set; } = start;

        public int Count { get; set; }
    }
}
