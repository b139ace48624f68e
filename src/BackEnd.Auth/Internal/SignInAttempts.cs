namespace BackEnd.Auth.Internal;

/// <summary>
/// The sign-in attempts per user name being verified in this process now. A failure is counted only after its hash, so
/// without this a burst at one name would all pass the lockout check before the first failure was stored and each pay a
/// hash (60 at once under the per-IP limit: 15 s of a core at bcrypt cost 12); with it, an attempt is verified only while the
/// attempts in flight plus the stored failures do not exceed the lockout threshold.
/// </summary>
internal sealed class SignInAttempts
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Takes a place for <paramref name="key"/>; returns how many attempts at it are in flight now, this one included.</summary>
    public int Enter(string key)
    {
        lock (_inFlight)
        {
            _inFlight.TryGetValue(key, out var count);
            _inFlight[key] = ++count;
            return count;
        }
    }

    public void Exit(string key)
    {
        lock (_inFlight)
        {
            var count = _inFlight[key] - 1;
            if (count == 0)
            {
                _inFlight.Remove(key);
            }
            else
            {
                _inFlight[key] = count;
            }
        }
    }
}
