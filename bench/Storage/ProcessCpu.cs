using System.Runtime.InteropServices;

namespace BackEnd.Storage.Benchmarks;

// CPU time of this process (all threads), to nanoseconds. Unlike wall-clock time it does not grow while other processes
// hold the cores, so on a loaded machine it is the steadier measure of what the client side of an operation costs.
internal static partial class ProcessCpu
{
    private const int ClockProcessCpuTime = 2;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    public static double NowMicroseconds()
    {
        if (!IsAvailable || ClockGetTime(ClockProcessCpuTime, out var time) != 0)
        {
            return double.NaN;
        }

        return (time.Seconds * 1_000_000.0) + (time.Nanoseconds / 1_000.0);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
