using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

public sealed class LiteDbQueryDifferentialTests : DocumentQueryDifferentialTests, IDisposable
{
    private readonly TempFile _file = new();

    protected override bool Enabled => true;

    [Fact]
    public Task RandomPredicates_MatchLinqInMemory() => RandomPredicates_MatchLinqInMemory_Core();

    [Fact]
    public Task Pitfalls_MatchLinqInMemory() => Pitfalls_MatchLinqInMemory_Core();

    [Fact]
    public Task OrderBy_MatchesLinqOrdinalNullsFirst() => OrderBy_MatchesLinqOrdinalNullsFirst_Core();

    [Fact]
    public Task ReadBack_IsExactlyWhatWasWritten() => ReadBack_IsExactlyWhatWasWritten_Core();

    [Fact]
    public Task Untranslatable_ThrowsNotSupportedNamingExpression() => Untranslatable_ThrowsNotSupportedNamingExpression_Core();

    public void Dispose() => _file.Dispose();

    private protected override Task<DocumentStore> CreateStoreAsync() => Task.FromResult(Stores.LiteDb(_file.Path));
}
