using System.Diagnostics;

namespace BackEnd.Documents.Benchmarks;

/// <summary>Times the raw engine and ours on the same operation in interleaved rounds (order alternating), after a warm-up.</summary>
internal static class Measure
{
    public const int Rounds = 3;

    /// <summary>
    /// Gets the median CPU time (all of the process's threads) per operation, in microseconds, of each side in the last comparison: on a
    /// busy machine this moves less than elapsed time, which also counts waiting for a core.
    /// </summary>
    public static (double Raw, double Ours) LastCpu { get; private set; }

    /// <summary>Gets the median bytes allocated (all threads) per operation of each side in the last comparison.</summary>
    public static (double Raw, double Ours) LastAllocated { get; private set; }

    /// <summary>Returns the median time per operation, in microseconds, of each side.</summary>
    public static async Task<(double Raw, double Ours)> CompareAsync(int operations, Func<int, Task> raw, Func<int, Task> ours, int warmUp = 50)
    {
        // Warm-up indexes run past every measured one, so inserts never collide with measured ids.
        for (var i = 0; i < Math.Min(warmUp, operations); i++)
        {
            await raw(Rounds * operations + i);
            await ours(Rounds * operations + i);
        }

        var rawTimes = new List<double>();
        var ourTimes = new List<double>();
        var rawCpu = new List<double>();
        var ourCpu = new List<double>();
        var rawBytes = new List<double>();
        var ourBytes = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var first = round % 2 == 0;
            var a = await TimeAsync(operations, round, first ? raw : ours);
            var b = await TimeAsync(operations, round, first ? ours : raw);
            rawTimes.Add(first ? a.Elapsed : b.Elapsed);
            ourTimes.Add(first ? b.Elapsed : a.Elapsed);
            rawCpu.Add(first ? a.Cpu : b.Cpu);
            ourCpu.Add(first ? b.Cpu : a.Cpu);
            rawBytes.Add(first ? a.Bytes : b.Bytes);
            ourBytes.Add(first ? b.Bytes : a.Bytes);
        }

        LastCpu = (Median(rawCpu), Median(ourCpu));
        LastAllocated = (Median(rawBytes), Median(ourBytes));
        return (Median(rawTimes), Median(ourTimes));
    }

    private static async Task<(double Elapsed, double Cpu, double Bytes)> TimeAsync(int operations, int round, Func<int, Task> operation)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            await operation(round * operations + i);
        }

        var elapsed = watch.Elapsed.TotalMicroseconds / operations;
        var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / operations;
        process.Refresh();
        return (elapsed, (process.TotalProcessorTime - cpu).TotalMicroseconds / operations, bytes);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
