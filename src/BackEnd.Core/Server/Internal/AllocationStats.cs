using Microsoft.Extensions.Logging;

namespace BackEnd.Server.Internal;

/// <summary>
/// Optional allocation accounting for benchmarks: with <c>BACKEND_ALLOC_STATS=1</c> the heartbeat logs, every
/// 5 s, the bytes allocated by the process per request served in that window (steady state), and the server logs
/// the totals at shutdown. Off by default; then it costs one static bool check per request.
/// </summary>
internal static partial class AllocationStats
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("BACKEND_ALLOC_STATS") is "1" or "true";

    private static long s_requests;
    private static long s_windowRequests;
    private static long s_windowBytes = GC.GetTotalAllocatedBytes(false);
    private static long s_startBytes = GC.GetTotalAllocatedBytes(false);
    private static int s_windowGen0 = GC.CollectionCount(0);
    private static int s_windowGen2 = GC.CollectionCount(2);
    private static TimeSpan s_windowPause = GC.GetTotalPauseDuration();
    private static int s_ticks;

    public static long Requests => Volatile.Read(ref s_requests);

    public static void CountRequest() => Interlocked.Increment(ref s_requests);

    public static void OnHeartbeat(ServerServices services)
    {
        if (!Enabled || ++s_ticks % 5 != 0)
        {
            return;
        }

        var requests = Requests;
        var bytes = GC.GetTotalAllocatedBytes(false);
        var deltaRequests = requests - s_windowRequests;
        var deltaBytes = bytes - s_windowBytes;
        s_windowRequests = requests;
        s_windowBytes = bytes;

        // Collections and their pauses beside the bytes: a row that allocates pays them, one that does not, not.
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        var deltaGen0 = gen0 - s_windowGen0;
        var deltaGen2 = gen2 - s_windowGen2;
        var deltaPause = pause - s_windowPause;
        s_windowGen0 = gen0;
        s_windowGen2 = gen2;
        s_windowPause = pause;
        if (deltaRequests > 0)
        {
            Log.Window(services.Logger, deltaBytes, deltaRequests, (double)deltaBytes / deltaRequests, deltaGen0, deltaGen2, deltaPause.TotalMilliseconds);
        }
    }

    public static void LogTotals(ILogger logger)
    {
        if (!Enabled)
        {
            return;
        }

        var requests = Requests;
        var bytes = GC.GetTotalAllocatedBytes(false) - s_startBytes;
        Log.Totals(logger, bytes, requests, requests == 0 ? 0 : (double)bytes / requests);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Allocation window: {Bytes} bytes over {Requests} requests = {BytesPerRequest:F1} B/request; {Collections} collections ({FullCollections} gen 2), {PauseMilliseconds:F1} ms paused.")]
        public static partial void Window(ILogger logger, long bytes, long requests, double bytesPerRequest, int collections, int fullCollections, double pauseMilliseconds);

        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Allocation totals since start: {Bytes} bytes over {Requests} requests = {BytesPerRequest:F1} B/request.")]
        public static partial void Totals(ILogger logger, long bytes, long requests, double bytesPerRequest);
    }
}
