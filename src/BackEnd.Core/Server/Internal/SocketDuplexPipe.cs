using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace BackEnd.Server.Internal;

/// <summary>
/// A pipe pair straight over a plain TCP socket: receives into the reader's own pooled segments and sends the writer's
/// segments with one socket call per flush, without a stream and the stream pipe adapters in between. TLS keeps the
/// stream pair (<see cref="StreamDuplexPipe"/>).
/// </summary>
internal sealed class SocketDuplexPipe : IDuplexPipe
{
    /// <summary>
    /// Closely spaced reads before the zero-byte wait is skipped. A client that made only a few requests (a page load,
    /// the idle-connection case) never reaches it, so its idle connection holds no receive buffer; one that has been
    /// busy holds one for a single idle period at most.
    /// </summary>
    internal const int BusyStreak = 16;

    /// <summary>Reads further apart than this (milliseconds) end a streak: the client is not keeping the connection busy.</summary>
    internal const long BusyGapMilliseconds = 100;

    internal const int SegmentSize = 4096;

    /// <summary>Less free space than this at the end of the last segment makes a receive start a new one.</summary>
    private const int MinimumReadSize = 1024;

    private readonly SocketReader _reader;
    private readonly SocketWriter _writer;

    /// <summary>Reads and writes through the runtime's socket engine.</summary>
    public SocketDuplexPipe(Socket socket, long busyGapMilliseconds = BusyGapMilliseconds)
    {
        _reader = new SocketReader(socket, null, busyGapMilliseconds);
        _writer = new SocketWriter(socket, null);
    }

    /// <summary>Reads and writes through the server's own epoll loop: no zero-byte reads, no speculative receives.</summary>
    public SocketDuplexPipe(EpollSocket socket)
    {
        _reader = new SocketReader(socket.Socket, socket, BusyGapMilliseconds);
        _writer = new SocketWriter(socket.Socket, socket);
    }

    public PipeReader Input => _reader;

    public PipeWriter Output => _writer;

    internal bool SkipsZeroByteReads => _reader.SkipsZeroByteReads;

    // NetworkStream reports socket failures as IOException; the connection's handlers expect that shape.
    private static IOException Wrap(SocketException ex) => new(ex.Message, ex);

    /// <summary>A pooled array in a chain; the object itself is kept for reuse by its pipe (one spare each).</summary>
    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public byte[] Array { get; private set; } = [];

        public int End { get; set; }

        public Segment? NextSegment => (Segment?)Next;

        public int Free => Array.Length - End;

        public static Segment Rent(ref Segment? spare, int size, long runningIndex)
        {
            var segment = spare ?? new Segment();
            spare = null;
            segment.Array = ArrayPool<byte>.Shared.Rent(size);
            segment.End = 0;
            segment.RunningIndex = runningIndex;
            segment.Memory = default;
            return segment;
        }

        /// <summary>Returns every array from <paramref name="head"/> on to the pool, keeping one segment object as the spare.</summary>
        public static void ReleaseChain(Segment? head, ref Segment? spare)
        {
            while (head is not null)
            {
                var next = head.NextSegment;
                ArrayPool<byte>.Shared.Return(head.Array);
                head.Array = [];
                head.Next = null;
                head.Memory = default;
                spare ??= head;
                head = next;
            }
        }

        public void Unlink() => Next = null;

        public void Link(Segment next)
        {
            Next = next;
            Seal();
        }

        public void Seal() => Memory = Array.AsMemory(0, End);
    }

    /// <summary>Receives on demand into pooled segments; semantics follow <see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and its wait handle is never asked for; a cancel arriving after completion must not throw.")]
    private sealed class SocketReader(Socket socket, EpollSocket? epoll, long busyGapMilliseconds) : PipeReader
    {
        private CancellationTokenSource _cancel = new();
        private Segment? _spare;
        private Segment? _head;
        private int _headStart;
        private Segment? _tail;
        private long _buffered;
        private bool _examinedEverything;
        private bool _eof;
        private bool _completed;
        private int _streak;
        private long _lastRead = long.MinValue / 2;

        public bool SkipsZeroByteReads => _streak >= BusyStreak;

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_head is null)
            {
                return;
            }

            var examinedSegment = (Segment?)examined.GetObject();
            _examinedEverything = examinedSegment == _tail && examined.GetInteger() == _tail!.End;

            var consumedSegment = (Segment?)consumed.GetObject() ?? _head;
            var consumedIndex = consumed.GetObject() is null ? _headStart : consumed.GetInteger();
            var removed = 0L;
            while (_head != consumedSegment)
            {
                var next = _head!.NextSegment ?? throw new InvalidOperationException("The consumed position is not in the buffer.");
                removed += _head.End - _headStart;
                _head.Unlink();
                Segment.ReleaseChain(_head, ref _spare);
                _head = next;
                _headStart = 0;
            }

            removed += consumedIndex - _headStart;
            _headStart = consumedIndex;
            _buffered -= removed;
            if (_buffered == 0)
            {
                // Nothing left: the buffer goes back to the pool so an idle connection holds none.
                ReleaseAll();
            }
        }

        public override void CancelPendingRead() => _cancel.Cancel();

        public override void Complete(Exception? exception = null)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            ReleaseAll();
        }

        public override bool TryRead(out ReadResult result)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            return TryReadBuffered(out result);
        }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<ReadResult>(cancellationToken);
            }

            if (TryReadBuffered(out var result))
            {
                return new ValueTask<ReadResult>(result);
            }

            if (_eof)
            {
                return new ValueTask<ReadResult>(new ReadResult(Buffer(), isCanceled: false, isCompleted: true));
            }

            return ReceiveAsync(cancellationToken);
        }

        private bool TryReadBuffered(out ReadResult result)
        {
            var canceled = _cancel.IsCancellationRequested;
            if (canceled || (_buffered > 0 && (!_examinedEverything || _eof)))
            {
                if (canceled)
                {
                    ResetCancellation();
                }

                result = new ReadResult(Buffer(), canceled, _eof);
                return true;
            }

            result = default;
            return false;
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<ReadResult> ReceiveAsync(CancellationToken cancellationToken)
        {
            var source = _cancel;
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
                : default;
            var token = source.Token;
            try
            {
                Segment tail;
                int received;
                if (epoll is not null)
                {
                    while (true)
                    {
                        // The wait holds no buffer, so an idle connection holds none, and it makes no call while data
                        // may be there.
                        await epoll.WaitReadableAsync(token).ConfigureAwait(false);
                        tail = TailForReceive();
                        received = epoll.Receive(tail.Array.AsSpan(tail.End));
                        if (received >= 0)
                        {
                            break;
                        }

                        DropEmptyTail();
                    }
                }
                else
                {
                    // A connection waits for data without a buffer (a zero-byte receive) unless it has been busy: then
                    // the receive below is what waits, and the zero-byte syscall is saved.
                    if (_buffered == 0 && _streak < BusyStreak)
                    {
                        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token).ConfigureAwait(false);
                    }

                    var now = Environment.TickCount64;
                    _streak = now - _lastRead <= busyGapMilliseconds ? Math.Min(_streak + 1, BusyStreak) : 0;
                    _lastRead = now;

                    tail = TailForReceive();
                    received = await socket.ReceiveAsync(tail.Array.AsMemory(tail.End), SocketFlags.None, token).ConfigureAwait(false);
                }

                if (received == 0)
                {
                    _eof = true;
                }
                else
                {
                    tail.End += received;
                    tail.Seal();
                    _buffered += received;
                    _examinedEverything = false;
                }

                var canceled = source.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                if (canceled)
                {
                    ResetCancellation();
                }

                return new ReadResult(Buffer(), canceled, _eof);
            }
            catch (OperationCanceledException) when (source.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                ResetCancellation();
                return new ReadResult(Buffer(), isCanceled: true, isCompleted: _eof);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ResetCancellation();
                throw new OperationCanceledException(cancellationToken);
            }
            catch (SocketException ex)
            {
                throw Wrap(ex);
            }
            finally
            {
                DropEmptyTail();
            }
        }

        private Segment TailForReceive()
        {
            if (_tail is null)
            {
                _head = _tail = Segment.Rent(ref _spare, SegmentSize, 0);
                _headStart = 0;
            }
            else if (_tail.Free < MinimumReadSize)
            {
                var next = Segment.Rent(ref _spare, SegmentSize, _tail.RunningIndex + _tail.End);
                _tail.Link(next);
                _tail = next;
            }

            return _tail;
        }

        private void DropEmptyTail()
        {
            // A receive that brought nothing (cancellation, end of stream) leaves no empty segment behind.
            if (_buffered == 0 && _head is not null)
            {
                ReleaseAll();
            }
        }

        private void ReleaseAll()
        {
            Segment.ReleaseChain(_head, ref _spare);
            _head = _tail = null;
            _headStart = 0;
            _buffered = 0;
        }

        private ReadOnlySequence<byte> Buffer() =>
            _head is null ? default : new ReadOnlySequence<byte>(_head, _headStart, _tail!, _tail!.End);

        private void ResetCancellation()
        {
            if (!_cancel.TryReset())
            {
                _cancel.Dispose();
                _cancel = new CancellationTokenSource();
            }
        }
    }

    /// <summary>Gathers the response in pooled segments and sends them in one socket call per flush.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and its wait handle is never asked for; a cancel arriving after completion must not throw.")]
    private sealed class SocketWriter(Socket socket, EpollSocket? epoll) : PipeWriter
    {
        private readonly List<ArraySegment<byte>> _gather = [];
        private CancellationTokenSource _cancel = new();
        private Segment? _spare;
        private Segment? _head;
        private Segment? _tail;
        private long _unflushed;
        private bool _completed;

        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => _unflushed;

        public override void Advance(int bytes)
        {
            if (_tail is null || (uint)bytes > (uint)_tail.Free)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "More bytes than the memory handed out.");
            }

            _tail.End += bytes;
            _unflushed += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Tail(sizeHint).Array.AsMemory(_tail!.End);

        public override Span<byte> GetSpan(int sizeHint = 0) => Tail(sizeHint).Array.AsSpan(_tail!.End);

        public override void CancelPendingFlush() => _cancel.Cancel();

        public override void Complete(Exception? exception = null)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            try
            {
                if (exception is null && _unflushed > 0)
                {
                    for (var segment = _head; segment is not null; segment = segment.NextSegment)
                    {
                        if (epoll is not null)
                        {
                            // Rare (a synchronous complete with bytes left): the socket is non-blocking, so wait here.
                            _ = epoll.SendAsync(segment.Array.AsMemory(0, segment.End), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        }
                        else
                        {
                            socket.Send(segment.Array.AsSpan(0, segment.End));
                        }
                    }
                }
            }
            catch (SocketException ex)
            {
                throw Wrap(ex);
            }
            finally
            {
                ReleaseAll();
            }
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            if (_completed)
            {
                return;
            }

            try
            {
                if (exception is null && _unflushed > 0)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _completed = true;
                ReleaseAll();
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_cancel.IsCancellationRequested)
            {
                ResetCancellation();
                return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
            }

            if (_unflushed == 0)
            {
                return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
            }

            if (_head == _tail && !cancellationToken.CanBeCanceled)
            {
                // The usual response: one segment, one send; completes synchronously when the socket takes it at once.
                var memory = _head!.Array.AsMemory(0, _head.End);
                var send = epoll is not null
                    ? epoll.SendAsync(memory, _cancel.Token)
                    : socket.SendAsync(memory, SocketFlags.None, _cancel.Token);
                if (send.IsCompletedSuccessfully)
                {
                    _ = send.Result;
                    ReleaseAll();
                    return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
                }

                return AwaitSendAsync(send, cancellationToken);
            }

            return SendGatheredAsync(cancellationToken);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<FlushResult> AwaitSendAsync(ValueTask<int> send, CancellationToken cancellationToken)
        {
            var source = _cancel;
            try
            {
                await send.ConfigureAwait(false);
                return new FlushResult(isCanceled: false, isCompleted: false);
            }
            catch (OperationCanceledException) when (source.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                ResetCancellation();
                return new FlushResult(isCanceled: true, isCompleted: false);
            }
            catch (SocketException ex)
            {
                throw Wrap(ex);
            }
            finally
            {
                ReleaseAll();
            }
        }

        private async ValueTask<FlushResult> SendGatheredAsync(CancellationToken cancellationToken)
        {
            var source = _cancel;
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
                : default;
            try
            {
                _gather.Clear();
                for (var segment = _head; segment is not null; segment = segment.NextSegment)
                {
                    if (segment.End > 0)
                    {
                        _gather.Add(new ArraySegment<byte>(segment.Array, 0, segment.End));
                    }
                }

                if (epoll is not null)
                {
                    await epoll.SendAsync(_gather, source.Token).ConfigureAwait(false);
                }
                else
                {
                    // A list send has no cancellation token; cancelling aborts it by waiting on a token-aware task instead.
                    await socket.SendAsync(_gather, SocketFlags.None).WaitAsync(source.Token).ConfigureAwait(false);
                }

                return new FlushResult(isCanceled: false, isCompleted: false);
            }
            catch (OperationCanceledException) when (source.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Abandon();
                ResetCancellation();
                return new FlushResult(isCanceled: true, isCompleted: false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Abandon();
                ResetCancellation();
                throw new OperationCanceledException(cancellationToken);
            }
            catch (SocketException ex)
            {
                throw Wrap(ex);
            }
            finally
            {
                _gather.Clear();
                ReleaseAll();
            }
        }

        private Segment Tail(int sizeHint)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            sizeHint = Math.Max(sizeHint, 1);
            if (_tail is null)
            {
                _head = _tail = Segment.Rent(ref _spare, Math.Max(sizeHint, SegmentSize), 0);
            }
            else if (_tail.Free < sizeHint)
            {
                var next = Segment.Rent(ref _spare, Math.Max(sizeHint, SegmentSize), 0);
                _tail.Link(next);
                _tail = next;
            }

            return _tail;
        }

        private void ReleaseAll()
        {
            Segment.ReleaseChain(_head, ref _spare);
            _head = _tail = null;
            _unflushed = 0;
        }

        /// <summary>
        /// Drops the segments without returning their arrays: a list send given up on may still be reading them, and a
        /// pooled array reused by another connection meanwhile would send that connection's bytes to this client.
        /// </summary>
        private void Abandon()
        {
            _head = _tail = null;
            _unflushed = 0;
        }

        private void ResetCancellation()
        {
            if (!_cancel.TryReset())
            {
                _cancel.Dispose();
                _cancel = new CancellationTokenSource();
            }
        }
    }
}
