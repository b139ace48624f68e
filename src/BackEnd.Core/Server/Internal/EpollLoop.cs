using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BackEnd.Server.Internal;

/// <summary>
/// One Linux epoll set, edge-triggered, with one thread that only harvests readiness: each event wakes the connection's
/// waiting reader or writer on the thread pool, as the runtime's socket engine does. What it saves is the runtime's
/// speculative receive: the runtime tries every receive before it waits, which in a request/response exchange fails
/// (EAGAIN) once per request, because the next request cannot be there before the response has been read. An
/// <see cref="EpollSocket"/> knows when its last receive drained the socket and no edge has arrived since, and then
/// waits without that call.
/// </summary>
internal sealed class EpollLoop : IThreadPoolWorkItem
{
    internal const uint EpollIn = 0x001;
    internal const uint EpollPri = 0x002;
    internal const uint EpollOut = 0x004;
    internal const uint EpollErr = 0x008;
    internal const uint EpollHup = 0x010;
    internal const uint EpollRdHup = 0x2000;
    private const uint EpollEt = 1u << 31;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EpollCloExec = 0x80000;
    private const int Eintr = 4;
    private const int MaxEvents = 256;
    private const long TimeSliceMilliseconds = 15;

    private static readonly Lazy<EpollLoop?> SharedLoop = new(Create);

    private readonly int _epoll;

    // x86-64 packs struct epoll_event (12 bytes, data at 4); the other 64-bit Linux ABIs align it (16 bytes, data at 8).
    private readonly int _stride;
    private readonly int _dataOffset;
    private readonly ConcurrentDictionary<long, EpollSocket> _sockets = new();
    private readonly ConcurrentQueue<EpollSocket.Readiness> _ready = new();
    private long _lastId;
    private int _scheduled;

    private EpollLoop(int epoll, int stride, int dataOffset)
    {
        _epoll = epoll;
        _stride = stride;
        _dataOffset = dataOffset;
    }

    /// <summary>Gets the process's loop, started on first use; <see langword="null"/> where epoll is not available (not Linux, or an ABI this does not know).</summary>
    public static EpollLoop? Shared => SharedLoop.Value;

    /// <summary>Gets the number of sockets registered now.</summary>
    internal int Count => _sockets.Count;

    /// <summary>
    /// Makes <paramref name="socket"/> non-blocking and registers it; from then on its I/O must go through the returned
    /// <see cref="EpollSocket"/> only. <see langword="null"/> when the kernel refuses (the socket stays as it was).
    /// </summary>
    public EpollSocket? Register(Socket socket)
    {
        // Non-blocking first: once the reference below is taken, every way out must give it back, or disposing the socket
        // waits for it forever.
        var wasBlocking = socket.Blocking;
        socket.Blocking = false;

        // The reference keeps the descriptor open until Unregister has deleted it from the set: a closed number can be
        // reused at once by the next accepted connection, whose registration a late delete would remove.
        var handle = socket.SafeHandle;
        var referenced = false;
        handle.DangerousAddRef(ref referenced);
        var fd = (int)handle.DangerousGetHandle();
        var id = Interlocked.Increment(ref _lastId);
        var registered = new EpollSocket(this, socket, fd, id);
        _sockets[id] = registered;
        if (Control(EpollCtlAdd, fd, EpollIn | EpollPri | EpollOut | EpollRdHup | EpollEt, id) != 0)
        {
            _sockets.TryRemove(id, out _);
            handle.DangerousRelease();
            socket.Blocking = wasBlocking;
            return null;
        }

        return registered;
    }

    /// <summary>Stops events for <paramref name="socket"/> and lets its descriptor close; the first call counts.</summary>
    internal void Unregister(EpollSocket socket)
    {
        if (_sockets.TryRemove(socket.Id, out _))
        {
            _ = Control(EpollCtlDel, socket.Fd, 0, 0);
            socket.Handle.DangerousRelease();
        }
    }

    private int Control(int operation, int fd, uint flags, long id)
    {
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        MemoryMarshal.Write(ev, flags);
        MemoryMarshal.Write(ev[_dataOffset..], id);
        return NativeMethods.epoll_ctl(_epoll, operation, fd, ref MemoryMarshal.GetReference(ev));
    }

    private static EpollLoop? Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var (stride, dataOffset) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (12, 4),
            Architecture.Arm64 or Architecture.LoongArch64 or Architecture.RiscV64 or Architecture.Ppc64le or Architecture.S390x => (16, 8),
            _ => (0, 0),
        };

        if (stride == 0)
        {
            return null;
        }

        int epoll;
        try
        {
            epoll = NativeMethods.epoll_create1(EpollCloExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (epoll < 0)
        {
            return null;
        }

        var loop = new EpollLoop(epoll, stride, dataOffset);
        var thread = new Thread(loop.Run) { IsBackground = true, Name = "BackEnd epoll" };
        thread.UnsafeStart();
        return loop;
    }

    private void Run()
    {
        var events = GC.AllocateArray<byte>(MaxEvents * _stride, pinned: true);
        while (true)
        {
            var count = NativeMethods.epoll_wait(_epoll, ref events[0], MaxEvents, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == Eintr)
                {
                    continue;
                }

                // Nothing else can fail on a valid set and buffer; stopping here would strand every connection.
                Environment.FailFast("epoll_wait failed with errno " + Marshal.GetLastPInvokeError());
            }

            for (var i = 0; i < count; i++)
            {
                var entry = events.AsSpan(i * _stride, _stride);
                var flags = MemoryMarshal.Read<uint>(entry);
                var id = MemoryMarshal.Read<long>(entry[_dataOffset..]);
                if (_sockets.TryGetValue(id, out var socket))
                {
                    socket.OnEvents(flags);
                }
            }

            if (!_ready.IsEmpty)
            {
                Schedule();
            }
        }
    }

    /// <summary>Queues a completed wait; the loop schedules the batch after each harvest, anyone else calls <see cref="Schedule"/>.</summary>
    internal void Enqueue(EpollSocket.Readiness ready) => _ready.Enqueue(ready);

    /// <summary>Makes sure one work item is on its way to drain the queue.</summary>
    internal void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Drains completed waits, one work item per thread, each running its waiters' continuations (whole requests) in
    /// turn. Rather than one work item per connection, a second item is asked for only when more waiters are queued, so
    /// a busy server wakes as many pool threads as it keeps busy, not one per ready connection.
    /// </summary>
    void IThreadPoolWorkItem.Execute()
    {
        // From here on, a waiter queued by anyone schedules a new item: none is lost between this and the dequeue.
        Interlocked.Exchange(ref _scheduled, 0);
        if (!_ready.TryDequeue(out var ready))
        {
            return;
        }

        if (!_ready.IsEmpty)
        {
            Schedule();
        }

        var started = Environment.TickCount64;
        while (true)
        {
            ready.Run();
            if (!_ready.TryDequeue(out ready))
            {
                return;
            }

            if (Environment.TickCount64 - started >= TimeSliceMilliseconds)
            {
                // A constant stream of waiters must not keep this pool thread forever: hand the rest to a new item.
                _ready.Enqueue(ready);
                Schedule();
                return;
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_create1(int flags);

        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_ctl(int epfd, int op, int fd, ref byte ev);

        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int epoll_wait(int epfd, ref byte events, int maxevents, int timeout);
    }
}
