using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Sql.Tests.Support;

namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class SqliteFeatureFixture : SqlFeatureFixture, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<Action<SqlStorageOptions>?> ConfigureAsync()
        => Task.FromResult<Action<SqlStorageOptions>?>(o => o.UseSqlite($"Data Source={_directory.File("features.db")}"));
}
