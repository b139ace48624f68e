namespace BackEnd.Storage.Benchmarks;

internal sealed record BenchResult(string Database, string Operation, double RawMicroseconds, double RepositoryMicroseconds)
{
    public double OverheadPercent => (RepositoryMicroseconds - RawMicroseconds) / RawMicroseconds * 100;
}
