namespace BackEnd.Storage.Benchmarks;

// One row of the comparison: per side the median µs per operation over the blocks, and the per-block ratios
// (repository ÷ raw of the two blocks run back to back) as median and interquartile range, for wall and CPU time.
internal sealed record BenchResult(
    string Database,
    string Operation,
    int Blocks,
    double RawMicroseconds,
    double RepositoryMicroseconds,
    Spread WallRatio,
    double RawCpuMicroseconds,
    double RepositoryCpuMicroseconds,
    Spread CpuRatio,
    double RawBytes,
    double RepositoryBytes);

internal readonly record struct Spread(double Median, double Low, double High)
{
    public static Spread Of(List<double> values)
    {
        values.Sort();
        return new(Quantile(values, 0.5), Quantile(values, 0.25), Quantile(values, 0.75));
    }

    public static double MedianOf(List<double> values) => Of(values).Median;

    // Linear interpolation between the closest ranks, as most statistics packages do by default.
    private static double Quantile(List<double> sorted, double q)
    {
        var position = (sorted.Count - 1) * q;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}
