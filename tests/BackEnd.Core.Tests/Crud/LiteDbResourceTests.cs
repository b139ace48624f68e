using BackEnd.Hosting;
using BackEnd.Storage.Document;

namespace BackEnd.Core.Tests.Crud;

/// <summary>The resource suite on the document provider: a real LiteDB file per host.</summary>
public sealed class LiteDbResourceTests : ResourceContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backend-crud-litedb-").FullName;

    protected override void AddStorage(IBackEndBuilder builder) =>
        builder.AddDocumentStorage(o => o.UseLiteDb("Filename=" + Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db")));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
