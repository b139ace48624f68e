using System.Diagnostics;

namespace BackEnd.Documents.Benchmarks;

/// <summary>One row's figures: per-operation medians of each side and the median and interquartile range of the per-block ratios.</summary>
internal readonly record struct Comparison(
    double Raw,
    double Ours,
    double Ratio,
    double RatioLow,
    double RatioHigh,
    double RawCpu,
    double OurCpu,
    double CpuRatio,
    double RawBytes,
    double OurBytes,
    int Blocks,
    int BlockOperations);

/// <summary>
/// Times the raw engine and ours on the same operations in many short alternating blocks (raw, ours, ours, raw, …), each pair on the same
/// keys, and compares them pair by pair.
/// </summary>
/// <remarks>
/// A pair's two blocks run a few milliseconds apart, so a load spike or a background GC lands on both sides alike or on one pair only;
/// the median of the pairs' ratios then moves far less than a ratio of two medians taken seconds apart (earlier runs of 3–5 long rounds
/// disagreed by more than 20 % on the scans). CPU is this process's own (all threads, getrusage), which waiting for a core does not
/// inflate.
/// </remarks>
internal static class Measure
{
    /// <summary>Gets or sets the number of block pairs per row, in units of 8 (--rounds 3: 24 pairs).</summary>
    public static int Rounds { get; set; } = 3;

    public static int Pairs => Rounds * 8;

    // The JIT's work during the last timed block: the process CPU of a block includes the background tier-1 compiles of whatever is
    // still warming, which a side that touches more methods pays for longer.
    private static long s_jitMethods;
    private static TimeSpan s_jitTime;

    /// <summary>The same for operations that return a <see cref="ValueTask"/> (the key/value store), awaited as they are.</summary>
    /// <param name="blockOperations">Operations per block: enough for a block of a few milliseconds.</param>
    /// <param name="raw">The raw side's operation i; returns the number of objects it produced.</param>
    /// <param name="ours">Ours on the same i.</param>
    /// <param name="warmUp">At least this many warm-up operations per side (alternating), so both run the JIT's optimised code before timing.</param>
    /// <param name="warmUpSeconds">And at least this long.</param>
    /// <param name="jitQuietSeconds">After that, warm up until the JIT has compiled no method for this long (at most 30 s in all), so the
    /// timed blocks do not carry either side's tier-1 compiles; 0 to skip.</param>
    /// <param name="target">The row's target overhead (1.15: +15 %): while the IQR of the pairs' ratios is wider than the median's distance
    /// to it, 8 more pairs run, up to 3× <see cref="Pairs"/>, so a row near its target is decided by more pairs rather than by one spike.</param>
    public static async Task<Comparison> CompareAsync(
        int blockOperations, Func<int, ValueTask<int>> raw, Func<int, ValueTask<int>> ours, int warmUp = 50, double warmUpSeconds = 1, double target = 1.15,
        double jitQuietSeconds = 0)
    {
        var pairs = Pairs;
        var most = Pairs * 3;

        // Warm-up indexes run past every measured one, so inserts never collide with measured ids.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < warmUp || (warming.Elapsed.TotalSeconds < warmUpSeconds && i < most * blockOperations); i++)
        {
            await raw(most * blockOperations + i);
            await ours(most * blockOperations + i);
        }

        // Then, when asked, until the JIT has compiled nothing for jitQuietSeconds (both sides still alternating): tier-1 compiles run on a
        // background thread and land in whichever block runs then, so a row timed while one side's code is still being recompiled charges
        // that side the JIT's CPU (a lambda lookup touches hundreds of System.Linq.Expressions methods the raw side never calls).
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var lastCompile = warming.Elapsed;
        for (var i = 0; jitQuietSeconds > 0 && warming.Elapsed - lastCompile < TimeSpan.FromSeconds(jitQuietSeconds) && warming.Elapsed.TotalSeconds < 30; i++)
        {
            await raw((most * blockOperations * 2) + i);
            await ours((most * blockOperations * 2) + i);
            if (System.Runtime.JitInfo.GetCompiledMethodCount() is var now && now != compiled)
            {
                (compiled, lastCompile) = (now, warming.Elapsed);
            }
        }

        var warmedFor = warming.Elapsed;

        var rawTimes = new List<double>();
        var ourTimes = new List<double>();
        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        double rawCpu = 0, ourCpu = 0, rawBytes = 0, ourBytes = 0;
        long rawJit = 0, ourJit = 0;
        TimeSpan rawJitTime = default, ourJitTime = default;
        for (var pair = 0; pair < pairs; pair++)
        {
            if (pair == pairs - 1 && pairs < most && Unsteady(ratios, target))
            {
                pairs += 8;
            }

            // Alternate which side goes first, so neither always runs on the other's warmed caches.
            var rawFirst = pair % 2 == 0;
            var a = await TimeAsync(blockOperations, pair, rawFirst ? raw : ours);
            var (aMethods, aTime) = (s_jitMethods, s_jitTime);
            var b = await TimeAsync(blockOperations, pair, rawFirst ? ours : raw);
            var (bMethods, bTime) = (s_jitMethods, s_jitTime);
            rawJit += rawFirst ? aMethods : bMethods;
            ourJit += rawFirst ? bMethods : aMethods;
            rawJitTime += rawFirst ? aTime : bTime;
            ourJitTime += rawFirst ? bTime : aTime;
            var (r, o) = rawFirst ? (a, b) : (b, a);
            if (r.Results != o.Results)
            {
                throw new InvalidOperationException($"Unfair comparison: raw produced {r.Results} objects, ours {o.Results} in the same block.");
            }

            rawTimes.Add(r.Elapsed);
            ourTimes.Add(o.Elapsed);
            ratios.Add(o.Elapsed / r.Elapsed);
            cpuRatios.Add(o.Cpu / Math.Max(r.Cpu, 0.001));
            rawCpu += r.Cpu;
            ourCpu += o.Cpu;
            rawBytes += r.Bytes;
            ourBytes += o.Bytes;
        }

        ratios.Sort();
        Console.WriteLine(System.FormattableString.Invariant(
            $"  JIT inside the timed blocks: raw {rawJit} methods {rawJitTime.TotalMilliseconds:N1} ms, ours {ourJit} methods {ourJitTime.TotalMilliseconds:N1} ms (warm-up {warmedFor.TotalSeconds:N1} s)"));
        return new Comparison(
            Median(rawTimes),
            Median(ourTimes),
            Quantile(ratios, 0.5),
            Quantile(ratios, 0.25),
            Quantile(ratios, 0.75),
            rawCpu / pairs,
            ourCpu / pairs,
            Median(cpuRatios),
            rawBytes / pairs,
            ourBytes / pairs,
            pairs,
            blockOperations);
    }

    // Checked before the last planned pair (its own ratio is one of 24 or more, too few to change the verdict much).
    private static bool Unsteady(List<double> ratios, double target)
    {
        var sorted = ratios.Order().ToList();
        return Quantile(sorted, 0.75) - Quantile(sorted, 0.25) > Math.Abs(Quantile(sorted, 0.5) - target);
    }

    private static async Task<(double Elapsed, double Cpu, double Bytes, long Results)> TimeAsync(int operations, int pair, Func<int, ValueTask<int>> operation)
    {
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        long results = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            results += await operation(pair * operations + i);
        }

        var elapsed = watch.Elapsed.TotalMicroseconds / operations;
        var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / operations;
        s_jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - methods;
        s_jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTime;
        return (elapsed, (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / operations, bytes, results);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return Quantile(values, 0.5);
    }

    // Linear interpolation between the closest ranks of sorted values.
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
