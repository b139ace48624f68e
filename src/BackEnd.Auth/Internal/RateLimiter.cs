using System.Globalization;
using System.Net;
using BackEnd.Storage.KeyValue;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Fixed one-minute windows per client IP and purpose, counted in an <see cref="IKeyValueStore"/> so every node that
/// shares the store shares the limit. Windows are aligned to the clock's minutes (every node agrees on the window without
/// talking to the others); each counter expires with its window.
/// </summary>
internal sealed class RateLimiter(IKeyValueStore store, TimeProvider time)
{
    private const string KeyPrefix = "backend-auth:rate:";
    private static readonly long WindowTicks = TimeSpan.TicksPerMinute;

    /// <summary>Takes a permit; returns how long to wait when none is left.</summary>
    public async ValueTask<TimeSpan?> TryAcquireAsync(string purpose, IPAddress? address, int permitsPerMinute, CancellationToken cancellationToken)
    {
        if (permitsPerMinute <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var window = now.UtcTicks / WindowTicks;
        var remaining = TimeSpan.FromTicks(((window + 1) * WindowTicks) - now.UtcTicks);
        var key = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{purpose}:{address?.ToString() ?? "-"}:{window}");

        // The key lives a little past its window, so a node whose clock runs behind still finds it; a new window is a new key.
        var count = await store.IncrementAsync(key, 1, remaining + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return count > permitsPerMinute ? remaining : null;
    }
}
