using System.Diagnostics;

namespace BackEnd.Storage.Benchmarks;

// Pairs of blocks: the raw block and the repository block run back to back, the one first alternating, so a burst of
// load from other processes lands on both sides of a pair about equally often. Each pair gives one ratio; the row reports
// their median and interquartile range, which a few disturbed pairs do not move.
internal sealed class Timings
{
    private readonly List<double> _rawWall = [];
    private readonly List<double> _repositoryWall = [];
    private readonly List<double> _rawCpu = [];
    private readonly List<double> _repositoryCpu = [];
    private readonly List<double> _wallRatios = [];
    private readonly List<double> _cpuRatios = [];

    public async Task PairAsync(int block, int operations, Func<Task> raw, Func<Task> repository)
    {
        double rawWall, rawCpu, repositoryWall, repositoryCpu;
        if (block % 2 == 0)
        {
            (rawWall, rawCpu) = await TimeAsync(raw, operations);
            (repositoryWall, repositoryCpu) = await TimeAsync(repository, operations);
        }
        else
        {
            (repositoryWall, repositoryCpu) = await TimeAsync(repository, operations);
            (rawWall, rawCpu) = await TimeAsync(raw, operations);
        }

        _rawWall.Add(rawWall);
        _repositoryWall.Add(repositoryWall);
        _rawCpu.Add(rawCpu);
        _repositoryCpu.Add(repositoryCpu);
        _wallRatios.Add(repositoryWall / rawWall);
        _cpuRatios.Add(repositoryCpu / rawCpu);
    }

    public BenchResult Result(string database, string operation, double rawBytes, double repositoryBytes) => new(
        database,
        operation,
        _wallRatios.Count,
        Spread.MedianOf([.. _rawWall]),
        Spread.MedianOf([.. _repositoryWall]),
        Spread.Of([.. _wallRatios]),
        Spread.MedianOf([.. _rawCpu]),
        Spread.MedianOf([.. _repositoryCpu]),
        Spread.Of([.. _cpuRatios]),
        rawBytes,
        repositoryBytes);

    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task> action, int operations)
    {
        var cpu = ProcessCpu.NowMicroseconds();
        var started = Stopwatch.GetTimestamp();
        await action();
        var wall = Stopwatch.GetElapsedTime(started).TotalMicroseconds / operations;
        return (wall, (ProcessCpu.NowMicroseconds() - cpu) / operations);
    }
}
