using System.Runtime;
using BackEnd.Server.Internal;

namespace BackEnd.Hosting.Internal;

/// <summary>
/// Gives memory back once the server has served nothing for a while (<see cref="Server.BackEndServerOptions.IdleMemoryTrim"/>):
/// one aggressive, compacting full collection per idle period. The workstation GC sizes its gen0 budget from the CPU
/// cache (tens of MB) and keeps emptied regions committed until later collections decommit them, which an idle server
/// never runs; so after a burst the process held ~30 MB for a few MB of live objects. Driven by the server's
/// once-a-second heartbeat, it reads state the connections already keep: nothing is added to a request's path.
/// </summary>
internal sealed class IdleMemoryTrim
{
    private readonly long _delayTicks;
    private long _lastActivity;
    private long _lastConnectionId;
    private bool _trimmedSinceActivity;
    private int _runs;
    private int _busy;

    public IdleMemoryTrim(TimeSpan delay, long now, long timestampFrequency)
    {
        _delayTicks = (long)(delay.TotalSeconds * timestampFrequency);
        _lastActivity = now;
    }

    /// <summary>Gets how many trims have run; for tests and diagnostics.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Creates the trim for the configured delay, or returns <see langword="null"/> when it is off (zero or infinite).</summary>
    public static IdleMemoryTrim? Create(TimeSpan delay, TimeProvider time) =>
        delay <= TimeSpan.Zero || delay == Timeout.InfiniteTimeSpan ? null : new IdleMemoryTrim(delay, time.GetTimestamp(), time.TimestampFrequency);

    /// <summary>Called by the heartbeat: notes activity since the last beat and trims once the server has been idle long enough.</summary>
    public void OnHeartbeat(ServerServices services, long now)
    {
        // A timer may start the next beat while a slow one still runs; a beat that finds another inside skips its turn.
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            return;
        }

        try
        {
            Beat(services, now);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void Beat(ServerServices services, long now)
    {
        // Activity: a new connection, a connection inside a request, or a request started since the last activity seen.
        // A request's start is stamped with the heartbeat's coarse clock, hence >=: one started after the last beat
        // carries that beat's time.
        var connectionId = services.LastConnectionId;
        var active = connectionId != _lastConnectionId;
        _lastConnectionId = connectionId;
        foreach (var pair in services.Connections)
        {
            if (!pair.Value.IsIdle || pair.Value.RequestStart >= _lastActivity)
            {
                active = true;
                break;
            }
        }

        if (active)
        {
            _lastActivity = now;
            _trimmedSinceActivity = false;
            return;
        }

        if (_trimmedSinceActivity || now - _lastActivity < _delayTicks)
        {
            return;
        }

        _trimmedSinceActivity = true;
        Trim();
        Interlocked.Increment(ref _runs);
    }

    private static void Trim()
    {
        // Aggressive: the GC also decommits the regions it keeps in reserve and compacts the large object heap, so the
        // pages go back to the system and leave the resident set.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
