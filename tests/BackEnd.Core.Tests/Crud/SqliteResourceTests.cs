using BackEnd.Hosting;
using BackEnd.Storage.Sql;

namespace BackEnd.Core.Tests.Crud;

public sealed class SqliteResourceTests : ResourceContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backend-crud-").FullName;

    protected override void AddStorage(IBackEndBuilder builder) =>
        builder.AddSqlStorage(o => o.UseSqlite($"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")}").CreateTablesFor<CrudProduct>());

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
