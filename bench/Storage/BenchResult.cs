namespace BackEnd.Storage.Benchmarks;

internal sealed record BenchResult(
    string Database,
    string Operation,
    double RawMicroseconds,
    double RepositoryMicroseconds,
    double RawBestMicroseconds,
    double RepositoryBestMicroseconds,
    double RawBytes,
    double RepositoryBytes,
    double RawCpuMicroseconds,
    double RepositoryCpuMicroseconds)
{
    public double CpuOverheadPercent => (RepositoryCpuMicroseconds - RawCpuMicroseconds) / RawCpuMicroseconds * 100;

    public double OverheadPercent => (RepositoryMicroseconds - RawMicroseconds) / RawMicroseconds * 100;

    public double BestOverheadPercent => (RepositoryBestMicroseconds - RawBestMicroseconds) / RawBestMicroseconds * 100;
}
