using System.Diagnostics;

namespace BackEnd.Documents.Benchmarks;

/// <summary>Times the raw engine and ours on the same operation in interleaved rounds (order alternating), after a warm-up.</summary>
internal static class Measure
{
    /// <summary>Gets or sets the number of rounds (odd, so the median is one round's figure); --rounds sets it.</summary>
    public static int Rounds { get; set; } = 5;

    /// <summary>
    /// Gets the median CPU time (all of the process's threads) per operation, in microseconds, of each side in the last comparison: on a
    /// busy machine this moves less than elapsed time, which also counts waiting for a core.
    /// </summary>
    public static (double Raw, double Ours) LastCpu { get; private set; }

    /// <summary>Gets the median bytes allocated (all threads) per operation of each side in the last comparison.</summary>
    public static (double Raw, double Ours) LastAllocated { get; private set; }

    /// <summary>Returns the median time per operation, in microseconds, of each side.</summary>
    /// <remarks>
    /// The warm-up runs both sides alternately for at least <paramref name="warmUp"/> operations and <paramref name="warmUpSeconds"/>
    /// (at most <paramref name="operations"/>), so both reach the JIT's optimised code before timing: a short warm-up left one side's
    /// first round in unoptimised code, which a 3-round median of a 60 µs operation does not hide.
    /// </remarks>
    public static Task<(double Raw, double Ours)> CompareAsync(
        int operations, Func<int, Task> raw, Func<int, Task> ours, int warmUp = 50, double warmUpSeconds = 1)
        => CompareValueTasksAsync(operations, i => new ValueTask(raw(i)), i => new ValueTask(ours(i)), warmUp, warmUpSeconds);

    /// <summary>The same for operations that return a <see cref="ValueTask"/> (the key/value store), awaited as they are.</summary>
    public static async Task<(double Raw, double Ours)> CompareValueTasksAsync(
        int operations, Func<int, ValueTask> raw, Func<int, ValueTask> ours, int warmUp = 50, double warmUpSeconds = 1)
    {
        // Warm-up indexes run past every measured one, so inserts never collide with measured ids.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < operations && (i < warmUp || warming.Elapsed.TotalSeconds < warmUpSeconds); i++)
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

    private static async Task<(double Elapsed, double Cpu, double Bytes)> TimeAsync(int operations, int round, Func<int, ValueTask> operation)
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
