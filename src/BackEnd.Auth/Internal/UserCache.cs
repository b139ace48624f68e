using System.Collections.Concurrent;

namespace BackEnd.Auth.Internal;

/// <summary>
/// The accounts that sessions and tokens resolved to lately, kept for <see cref="AuthOptions.UserCacheDuration"/> so a
/// signed-in request costs one read (its session or token) instead of two. The copies are shared: read, never changed.
/// </summary>
internal sealed class UserCache(TimeProvider time, TimeSpan duration)
{
    // Cleared whole beyond this: an attacker cycling through accounts must not grow memory, and a refill is one read each.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (AuthUser User, DateTimeOffset Until)> _users = new(StringComparer.Ordinal);
    private int _stored;

    public bool Enabled => duration > TimeSpan.Zero;

    public AuthUser? Get(string id) =>
        Enabled && _users.TryGetValue(id, out var entry) && time.GetUtcNow() < entry.Until ? entry.User : null;

    public void Set(AuthUser user)
    {
        if (!Enabled)
        {
            return;
        }

        // Count is costly on a ConcurrentDictionary (it takes every lock): checked once per 256 stores.
        if ((Interlocked.Increment(ref _stored) & 255) == 0 && _users.Count > MaxEntries)
        {
            _users.Clear();
        }

        _users[user.Id] = (user, time.GetUtcNow() + duration);
    }

    public void Remove(string id) => _users.TryRemove(id, out _);
}
