using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

public sealed class LiteDbTwoProcessTests : IDisposable
{
    private readonly TempFile _file = new();

    [Fact]
    public async Task Open_FileHeldByThisProcess_SecondProcessGetsClearErrorAndNothingIsLost()
    {
        await using (var store = Stores.LiteDb(_file.Path))
        {
            await store.GetCollection<Sample>("samples").InsertAsync(new Sample { Code = "first" });

            var (exitCode, output) = await ChildProcess.RunAsync("open-litedb", _file.Path, "second");

            Assert.Equal(1, exitCode);
            Assert.Contains("StorageUnavailableException", output, StringComparison.Ordinal);
            Assert.Contains("open in another process", output, StringComparison.Ordinal);
            await store.GetCollection<Sample>("samples").InsertAsync(new Sample { Code = "third" });
        }

        var (laterExit, laterOutput) = await ChildProcess.RunAsync("open-litedb", _file.Path, "fourth");
        await using var reopened = Stores.LiteDb(_file.Path);
        var codes = (await reopened.GetCollection<Sample>("samples").Query().OrderBy(x => x.Id).ToListAsync()).Select(s => s.Code);

        Assert.True(laterExit == 0, laterOutput);
        Assert.Equal(["first", "third", "fourth"], codes);
    }

    public void Dispose() => _file.Dispose();
}
