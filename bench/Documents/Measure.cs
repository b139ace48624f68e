using System.Diagnostics;

namespace BackEnd.Documents.Benchmarks;

/// <summary>Times the raw engine and ours on the same operation in interleaved rounds (order alternating), after a warm-up.</summary>
internal static class Measure
{
    public const int Rounds = 3;

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
        for (var round = 0; round < Rounds; round++)
        {
            var first = round % 2 == 0;
            var a = await TimeAsync(operations, round, first ? raw : ours);
            var b = await TimeAsync(operations, round, first ? ours : raw);
            rawTimes.Add(first ? a : b);
            ourTimes.Add(first ? b : a);
        }

        return (Median(rawTimes), Median(ourTimes));
    }

    private static async Task<double> TimeAsync(int operations, int round, Func<int, Task> operation)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            await operation(round * operations + i);
        }

        return watch.Elapsed.TotalMicroseconds / operations;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
