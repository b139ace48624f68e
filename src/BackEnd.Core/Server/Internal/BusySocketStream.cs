using System.Net.Sockets;

namespace BackEnd.Server.Internal;

/// <summary>
/// A plain-TCP stream that skips the zero-byte read (a 1-byte peek syscall on Linux) while the client keeps sending
/// ahead of the server, so a busy keep-alive connection costs one receive per request instead of two. A connection
/// waits for data without a buffer as before until it has shown such a streak, and again after any read that had to wait.
/// </summary>
internal sealed class BusySocketStream(Socket socket) : NetworkStream(socket, ownsSocket: false)
{
    /// <summary>
    /// Reads in a row that found data already there before the wait is skipped. A client that made only a few requests
    /// (a browser page, the idle-connection case) never reaches it, so its idle connection holds no receive buffer;
    /// one that has been streaming holds one for a single idle period at most.
    /// </summary>
    internal const int BusyStreak = 16;

    private int _streak;

    internal bool SkipsZeroByteReads => _streak >= BusyStreak;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty && _streak >= BusyStreak)
        {
            // The pipe reader only asks to be told when data is there; the real read that follows asks the socket itself.
            return new ValueTask<int>(0);
        }

        var read = base.ReadAsync(buffer, cancellationToken);
        if (read.IsCompleted)
        {
            _streak = _streak < BusyStreak ? _streak + 1 : BusyStreak;
        }
        else
        {
            _streak = 0;
        }

        return read;
    }
}
