using System.Linq.Expressions;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>A prepared lookup finds what FindAsync finds with the same value, for every argument in turn, and fails where it is prepared.</summary>
public sealed class PreparedFindTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task FindAsync_ArgumentsInTurn_MatchFindAsyncWithTheSameValues()
    {
        await using var store = DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + _file.Path));
        var samples = store.GetCollection<Sample>();
        var all = Enumerable.Range(1, 30).Select(i => new Sample
        {
            Id = i,
            Code = "c" + (i % 5),
            Name = i % 4 == 0 ? null : "n" + (i % 3),
            N = i,
            Status = i % 2 == 0 ? SampleStatus.Active : SampleStatus.Archived,
            At = DateTimeOffset.UnixEpoch.AddDays(i),
        }).ToList();
        await samples.InsertManyAsync(all);
        var byCode = samples.Prepare((Sample x, string code) => x.Code == code);
        var byName = samples.Prepare((Sample x, string? name) => x.Name == name);
        var minimum = 10;
        var mixed = samples.Prepare((Sample x, SampleStatus status) => x.Status == status && x.N > minimum);
        var after = samples.Prepare((Sample x, DateTimeOffset at) => x.At > at);

        // Values revisit earlier ones; a null name takes the full translation (IS NULL) between planned calls.
        foreach (var code in new[] { "c1", "c3", "c1", "nothing" })
        {
            Assert.Equal(all.Where(x => x.Code == code).Select(x => x.Id), (await byCode.FindAsync(code)).Select(x => x.Id));
        }

        foreach (var name in new[] { "n1", null, "n2", null })
        {
            Assert.Equal(all.Where(x => x.Name == name).Select(x => x.Id), (await byName.FindAsync(name)).Select(x => x.Id));
        }

        foreach (var (status, floor) in new[] { (SampleStatus.Active, 10), (SampleStatus.Archived, 20), (SampleStatus.Active, 25) })
        {
            // A captured variable is read at each call, as in a lambda.
            minimum = floor;
            var expected = all.Where(x => x.Status == status && x.N > floor).Select(x => x.Id);
            Assert.Equal(expected, (await mixed.FindAsync(status)).Select(x => x.Id));
        }

        var day = DateTimeOffset.UnixEpoch.AddDays(27);
        Assert.Equal([28L, 29L, 30L], (await after.FindAsync(day)).Select(x => x.Id));
    }

    [Fact]
    public async Task Prepare_Untranslatable_ThrowsNotSupportedNamingTheExpression()
    {
        await using var store = DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + _file.Path));
        var samples = store.GetCollection<Sample>();

        var error = Assert.Throws<NotSupportedException>(() => samples.Prepare((Sample x, string code) => x.Code.Trim() == code));
        Assert.Contains("x.Code.Trim()", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => samples.Prepare((Expression<Func<Sample, string, bool>>)null!));
    }

    [Fact]
    public async Task FindAsync_NullTextToMatch_ThrowsAtTheCallNotWhenPrepared()
    {
        await using var store = DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + _file.Path));
        var samples = store.GetCollection<Sample>();
        await samples.InsertAsync(new Sample { Id = 1, Code = "abc" });
        var startsWith = samples.Prepare((Sample x, string prefix) => x.Code.StartsWith(prefix));

        Assert.Single(await startsWith.FindAsync("ab"));
        Assert.Empty(await startsWith.FindAsync("%"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => startsWith.FindAsync(null!));
    }
}
