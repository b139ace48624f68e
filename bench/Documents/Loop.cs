using System.Diagnostics;
using System.Globalization;

namespace BackEnd.Documents.Benchmarks;

/// <summary>Runs one side's operation alone, for profiling: a warm-up, then a fixed number of operations with their CPU, bytes and thread hops.</summary>
internal static class Loop
{
    public static async Task RunAsync(string side, Func<int, ValueTask<int>> operation, int operations, Func<string> loadAverage, double warmUpSeconds = 10)
    {
        // Long enough for tiered compilation to finish on a busy machine too: a profile of tier-0 code says nothing about the steady state.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < Math.Max(2_000, operations / 5) || warming.Elapsed.TotalSeconds < warmUpSeconds; i++)
        {
            await operation(operations + i);
        }

        // A marker for a profiler attached from here on (perf's --delay, or a script waiting for this line).
        Console.WriteLine($"loop {side}: start, pid {Environment.ProcessId}");
        var cpu = Environment.CpuUsage.TotalTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var watch = Stopwatch.StartNew();
        var hops = 0;
        long found = 0;
        for (var i = 0; i < operations; i++)
        {
            var thread = Environment.CurrentManagedThreadId;
            found += await operation(i);
            hops += thread == Environment.CurrentManagedThreadId ? 0 : 1;
        }

        var elapsed = watch.Elapsed;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"loop {side}: {operations:N0} ops, {elapsed.TotalMicroseconds / operations:N1} µs/op wall, {(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / operations:N1} µs/op CPU, "
            + $"{(double)(GC.GetTotalAllocatedBytes(precise: true) - bytes) / operations:N0} B/op, {(double)hops / operations:N2} thread hops/op, {found:N0} found, load {loadAverage()}"));
        // What the collector cost in this loop: a side that allocates more pays it in collections, not in its own frames.
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"loop {side}: GCs gen0 {GC.CollectionCount(0) - gen0:N0} / gen1 {GC.CollectionCount(1) - gen1:N0} / gen2 {GC.CollectionCount(2) - gen2:N0}, "
            + $"pause {(GC.GetTotalPauseDuration() - paused).TotalMicroseconds / operations:N2} µs/op, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1024:N0} KB"));
    }
}
