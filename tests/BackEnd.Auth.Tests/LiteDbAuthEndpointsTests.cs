using BackEnd.Hosting;
using BackEnd.Storage.Document;

namespace BackEnd.Auth.Tests;

/// <summary>The suite on a real LiteDB file per host through the document provider (no migrations: collections appear on first write).</summary>
public sealed class LiteDbAuthEndpointsTests : AuthEndpointsTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backend-auth-litedb-" + Guid.NewGuid().ToString("N"));
    private int _databases;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected override void AddStorage(IBackEndBuilder builder)
    {
        var file = Path.Combine(_directory, $"auth{Interlocked.Increment(ref _databases)}.db");
        builder.AddDocumentStorage(o => o.UseLiteDb("Filename=" + file));
    }
}
