namespace BackEnd.Storage.Benchmarks;

// The baseline: the ADO.NET provider used directly with one open connection and prepared commands.
internal interface IRawDriver : IAsyncDisposable
{
    Task<BenchUser?> GetAsync(long id);

    Task<long> InsertAsync(BenchUser user);

    Task InsertBatchAsync(IReadOnlyList<BenchUser> users);
}
