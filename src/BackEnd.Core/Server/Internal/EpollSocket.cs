using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace BackEnd.Server.Internal;

/// <summary>
/// A non-blocking socket in an <see cref="EpollLoop"/>. One reader and one writer at a time (a pipe's contract): each
/// receive or send is one direct system call, and a wait for readiness completes on the thread pool when the loop sees
/// an edge. Waits are skipped while the socket may still hold data (or room), so the common paths make no extra call.
/// </summary>
internal sealed class EpollSocket
{
    private readonly EpollLoop _loop;
    private readonly Readiness _readable;
    private readonly Readiness _writable;
    private volatile bool _closed;
    private volatile bool _urgent;

    internal EpollSocket(EpollLoop loop, Socket socket, int fd, long id)
    {
        _loop = loop;
        Socket = socket;
        Handle = socket.SafeHandle;
        Fd = fd;
        Id = id;
        _readable = new Readiness(this);
        _writable = new Readiness(this);
    }

    public Socket Socket { get; }

    internal SafeSocketHandle Handle { get; }

    internal int Fd { get; }

    internal long Id { get; }

    internal bool IsClosed => _closed;

    /// <summary>
    /// Completes at once unless the last receive left the socket empty and no data has arrived since; then when data,
    /// the end of the stream or an error arrives. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires first and <see cref="SocketException"/> (OperationAborted) once closed.
    /// </summary>
    public ValueTask WaitReadableAsync(CancellationToken cancellationToken) => _readable.WaitAsync(cancellationToken);

    /// <summary>One receive call: the bytes read (0 at the end of the stream), or -1 when nothing is there yet.</summary>
    public int Receive(Span<byte> buffer)
    {
        var seen = _readable.Edges;
        var received = Socket.Receive(buffer, SocketFlags.None, out var error);
        if (error == SocketError.Success)
        {
            // Less than asked for: the socket was empty when the call returned, so more data will bring a new edge.
            // Not after urgent data: a receive stops short at its mark with more queued behind it.
            if (received < buffer.Length && received > 0 && !_urgent)
            {
                _readable.Drained(seen);
            }

            return received;
        }

        if (error == SocketError.WouldBlock)
        {
            _readable.Drained(seen);
            return -1;
        }

        throw new SocketException((int)error);
    }

    /// <summary>Waits for data and receives it into <paramref name="buffer"/>: the bytes read, 0 at the end of the stream.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitReadableAsync(cancellationToken).ConfigureAwait(false);
            var received = Receive(buffer.Span);
            if (received >= 0)
            {
                return received;
            }
        }
    }

    /// <summary>
    /// Sends all of <paramref name="buffer"/> and returns its length; completes synchronously when the socket takes it at
    /// once. Failures come through the returned task, as the runtime's <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/> reports them.
    /// </summary>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        int sent;
        try
        {
            sent = Send(buffer.Span);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return ValueTask.FromException<int>(ex);
        }

        return sent == buffer.Length ? new ValueTask<int>(sent) : SendRestAsync(buffer, sent, cancellationToken);
    }

    /// <summary>Sends every segment of <paramref name="buffers"/> in order, gathered; the list is consumed (emptied or trimmed) as it goes.</summary>
    public async ValueTask SendAsync(List<ArraySegment<byte>> buffers, CancellationToken cancellationToken)
    {
        while (true)
        {
            var seen = _writable.Edges;
            long total = 0;
            foreach (var segment in buffers)
            {
                total += segment.Count;
            }

            var sent = Socket.Send(buffers, SocketFlags.None, out var error);
            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                throw new SocketException((int)error);
            }

            if (sent == total)
            {
                buffers.Clear();
                return;
            }

            _writable.Drained(seen);
            Trim(buffers, sent);
            await _writable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the socket's events and fails a pending wait with OperationAborted; later waits fail the same way. The
    /// descriptor closes when the socket is disposed (before that, if it already was).
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _loop.Unregister(this);
        _readable.Abort();
        _writable.Abort();
    }

    internal void OnEvents(uint events)
    {
        // The end of the stream brings no more edges, and a short receive does not show it is pending: once seen,
        // neither direction waits again (the calls return 0 or the error at once). An error is an ordinary edge: the next
        // call reports it, and ERR alone can mean a queued error message after which a receive still finds nothing.
        if ((events & EpollLoop.EpollPri) != 0)
        {
            _urgent = true;
        }

        var final = (events & (EpollLoop.EpollRdHup | EpollLoop.EpollHup)) != 0;
        if (final || (events & (EpollLoop.EpollIn | EpollLoop.EpollPri | EpollLoop.EpollErr)) != 0)
        {
            _readable.Signal(final);
        }

        if ((events & (EpollLoop.EpollOut | EpollLoop.EpollHup | EpollLoop.EpollErr)) != 0)
        {
            _writable.Signal((events & EpollLoop.EpollHup) != 0);
        }
    }

    private static void Trim(List<ArraySegment<byte>> buffers, long sent)
    {
        var drop = 0;
        while (drop < buffers.Count && sent >= buffers[drop].Count)
        {
            sent -= buffers[drop].Count;
            drop++;
        }

        buffers.RemoveRange(0, drop);
        if (sent > 0)
        {
            buffers[0] = buffers[0][(int)sent..];
        }
    }

    private int Send(ReadOnlySpan<byte> buffer)
    {
        var seen = _writable.Edges;
        var sent = Socket.Send(buffer, SocketFlags.None, out var error);
        if (error is not (SocketError.Success or SocketError.WouldBlock))
        {
            throw new SocketException((int)error);
        }

        if (sent < buffer.Length)
        {
            // The send buffer is full: room will come with a new edge.
            _writable.Drained(seen);
        }

        return sent;
    }

    private async ValueTask<int> SendRestAsync(ReadOnlyMemory<byte> buffer, int sent, CancellationToken cancellationToken)
    {
        while (sent < buffer.Length)
        {
            await _writable.WaitAsync(cancellationToken).ConfigureAwait(false);
            sent += Send(buffer.Span[sent..]);
        }

        return sent;
    }

    /// <summary>
    /// Readiness of one direction. The loop counts edges; the single consumer records the count seen before a call that
    /// found the socket empty (or full), and waits only while no edge has come since. Waiting and signalling meet on one
    /// interlocked state, each side with a full fence before it reads the other's, so an edge is never lost between the
    /// consumer's last call and its wait.
    /// </summary>
    internal sealed class Readiness(EpollSocket owner) : IValueTaskSource
    {
        private const int Idle = 0;
        private const int Waiting = 1;

        private ManualResetValueTaskSourceCore<bool> _core;
        private int _edges;
        private int _drainedAt;
        private bool _drained;
        private int _state;
        private volatile bool _final;
        private Exception? _error;
        private CancellationTokenRegistration _registration;

        public int Edges => Volatile.Read(ref _edges);

        public void Drained(int seen)
        {
            _drainedAt = seen;
            _drained = true;
        }

        public ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            if (owner.IsClosed)
            {
                return ValueTask.FromException(Aborted());
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            if (!_drained || _final || Edges != _drainedAt)
            {
                return default;
            }

            _core.Reset();
            _error = null;
            Interlocked.Exchange(ref _state, Waiting);
            if ((Edges != _drainedAt || _final || owner.IsClosed) && Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
            {
                // An edge (or the close) came between the last call and the wait: no wait after all.
                return owner.IsClosed ? ValueTask.FromException(Aborted()) : default;
            }

            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Readiness)state!).Cancel(token), this);
            }

            return new ValueTask(this, _core.Version);
        }

        /// <summary>Counts an edge and queues the waiter, if any; called on the loop's thread, which schedules the queue after its batch.</summary>
        public void Signal(bool final)
        {
            if (final)
            {
                _final = true;
            }

            Interlocked.Increment(ref _edges);
            Complete(null);
        }

        public void Abort()
        {
            if (Complete(Aborted()))
            {
                owner._loop.Schedule();
            }
        }

        public void Run()
        {
            // An edge harvested just before the close can win the wait: report the close, not readiness.
            if (_error is null && owner.IsClosed)
            {
                _error = Aborted();
            }

            if (_error is { } error)
            {
                _core.SetException(error);
            }
            else
            {
                _core.SetResult(true);
            }
        }

        void IValueTaskSource.GetResult(short token)
        {
            // Dispose, not Unregister: it waits for a cancellation callback already running, which would otherwise
            // find the next wait in place and cancel it with this one's token.
            _registration.Dispose();
            _registration = default;
            _core.GetResult(token);
        }

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private static SocketException Aborted() => new((int)SocketError.OperationAborted);

        private void Cancel(CancellationToken token)
        {
            if (Complete(new OperationCanceledException(token)))
            {
                owner._loop.Schedule();
            }
        }

        private bool Complete(Exception? error)
        {
            if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting)
            {
                return false;
            }

            // The waiter runs on the thread pool, never on the loop's thread or a canceller's.
            _error = error;
            owner._loop.Enqueue(this);
            return true;
        }
    }
}
