using System.Net.Sockets;

namespace BackEnd.Server.Internal;

/// <summary>
/// A plain-TCP stream that skips the zero-byte read (a 1-byte peek syscall on Linux, and a second one once epoll reports
/// data) while the client keeps the connection busy, so each request costs one receive fewer. A connection waits for
/// data without a buffer as before until it has shown a streak of closely spaced reads, and again after a long gap.
/// </summary>
internal sealed class BusySocketStream(Socket socket, long busyGapMilliseconds = BusySocketStream.BusyGapMilliseconds)
    : NetworkStream(socket, ownsSocket: false)
{
    /// <summary>
    /// Closely spaced reads before the zero-byte wait is skipped. A client that made only a few requests (a page load,
    /// the idle-connection case) never reaches it, so its idle connection holds no receive buffer; one that has been
    /// busy holds one for a single idle period at most.
    /// </summary>
    internal const int BusyStreak = 16;

    /// <summary>Reads further apart than this (milliseconds) end a streak: the client is not keeping the connection busy.</summary>
    internal const long BusyGapMilliseconds = 100;

    private int _streak;
    private long _lastRead = long.MinValue / 2;

    internal bool SkipsZeroByteReads => _streak >= BusyStreak;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            // The pipe reader only asks to be told when data is there; the real read that follows asks the socket itself.
            return _streak >= BusyStreak ? new ValueTask<int>(0) : base.ReadAsync(buffer, cancellationToken);
        }

        // The coarse clock costs no syscall; the gap covers the wait for this request and the work on the previous one.
        var now = Environment.TickCount64;
        _streak = now - _lastRead <= busyGapMilliseconds ? Math.Min(_streak + 1, BusyStreak) : 0;
        _lastRead = now;
        return base.ReadAsync(buffer, cancellationToken);
    }
}
