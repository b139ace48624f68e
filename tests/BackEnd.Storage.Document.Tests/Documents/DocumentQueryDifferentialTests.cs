using System.Linq.Expressions;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// Every engine must answer a predicate exactly as LINQ over the same objects in memory does (DESIGN "Document queries"):
/// random predicates from the supported grammar with a fixed seed, plus the measured LiteDB pitfalls as explicit cases.
/// </summary>
public abstract class DocumentQueryDifferentialTests : IAsyncLifetime
{
    private const int Seed = 20261127;
    private List<Sample> _documents = [];
    private DocumentStore? _store;

    private protected abstract Task<DocumentStore> CreateStoreAsync();

    protected abstract bool Enabled { get; }

    private IDocumentCollection<Sample> Samples => _store!.GetCollection<Sample>("samples");

    public async Task InitializeAsync()
    {
        if (!Enabled)
        {
            return;
        }

        _store = await CreateStoreAsync();
        await Samples.DeleteManyAsync(x => true);
        _documents = SampleData.Documents(Seed, 300);
        await Samples.InsertManyAsync(_documents);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanupAsync();
    }

    private protected virtual Task CleanupAsync() => Task.CompletedTask;

    protected async Task RandomPredicates_MatchLinqInMemory_Core()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var predicate = SampleData.Predicate(random);
            await Compare(predicate, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    protected async Task Pitfalls_MatchLinqInMemory_Core()
    {
        var cutoff = SampleData.Origin.AddDays(1);
        var n = 1;
        int[] wanted = [1, 3, 5];
        var texts = new List<string> { "a", "%a" };
        var j = 1;
        string? nothing = null;
        var failures = new List<string>();
        Expression<Func<Sample, bool>>[] cases =
        [
            x => x.Code == "a",                                         // collation: case matters
            x => x.Code == "A",
            x => x.Code == "",                                          // "" is not null
            x => x.Code == " a ",                                       // no trimming
            x => x.Name == null,
            x => x.Name != null,
            x => x.Name == nothing,
            x => x.N < 9,                                               // lifted: false for null
            x => !(x.N > 3),                                            // true for null
            x => x.N >= 0 || x.N == null,
            x => x.Status == SampleStatus.Active,                       // enums as numbers
            x => x.Status > SampleStatus.Active,
            x => x.Status >= SampleStatus.Draft && x.Status < SampleStatus.Archived,
            x => x.At > SampleData.Origin.AddTicks(1234567L * 10),       // full precision, instants
            x => x.At == SampleData.Origin.AddTicks(1234567L * 10).ToOffset(TimeSpan.FromHours(3)),
            x => x.When <= new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(7_777_777L * 20 + 1),
            x => x.Code.EndsWith("%a"),                                 // hangs raw LiteDB
            x => x.Code.StartsWith('%'),
            x => x.Code.StartsWith('_'),
            x => x.Code.Contains('\\'),
            x => x.Code.Contains('\''),
            x => x.Code.Contains('"'),
            x => x.Code.StartsWith("a", StringComparison.OrdinalIgnoreCase),  // StringComparison honoured
            x => x.Code.StartsWith("ab", StringComparison.Ordinal),
            x => x.Code.EndsWith("ä", StringComparison.OrdinalIgnoreCase),
            x => string.Equals(x.Code, "STRASSE", StringComparison.OrdinalIgnoreCase),
            x => string.Equals(x.Code, "STRAßE", StringComparison.OrdinalIgnoreCase),
            x => string.IsNullOrEmpty(x.Name),
            x => x.Tags.Contains("a"),                                  // C# 14: MemoryExtensions.Contains over a span
            x => x.Tags.Contains("%a"),
            x => x.Items.Any(i => i.Qty > 3),                           // Any with a lambda
            x => x.Items.Any(i => i.Sku == "a" || i.Qty == 0),
            x => x.Items.Any(),
            x => !x.Items.Any(),
            x => x.At < cutoff.AddDays(-n),                             // captured sub-expression evaluated first
            x => x.N == wanted[j],                                      // captured list element
            x => x.N != null && wanted.Contains(x.N.Value),
            x => texts.Contains(x.Code),
            x => x.Address.City == "x.y",
            x => x.Address.City == "$z",
            x => x.Flag,
            x => !x.Flag && x.N.HasValue,
            x => x.Amount > 5.5m && x.Score <= 5,
        ];

        foreach (var predicate in cases)
        {
            await Compare(predicate, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    protected async Task OrderBy_MatchesLinqOrdinalNullsFirst_Core()
    {
        var byN = await Samples.Query().OrderBy(x => x.N).ToListAsync();
        var byNDesc = await Samples.Query().OrderByDescending(x => x.N).ToListAsync();
        var byCode = await Samples.Query().OrderBy(x => x.Code).ToListAsync();
        var byAt = await Samples.Query().OrderBy(x => x.At).ToListAsync();
        var byTwo = await Samples.Query().Where(x => x.N != null).OrderByDescending(x => x.Status).OrderBy(x => x.Code).Skip(3).Limit(50).ToListAsync();

        Assert.Equal(_documents.Select(d => d.N).Order(), byN.Select(d => d.N));
        Assert.Equal(_documents.Select(d => d.N).OrderDescending(), byNDesc.Select(d => d.N));
        Assert.Equal(_documents.Select(d => d.Code).Order(StringComparer.Ordinal), byCode.Select(d => d.Code));
        Assert.Equal(_documents.Select(d => d.At.UtcTicks).Order(), byAt.Select(d => d.At.UtcTicks));
        Assert.Equal(
            _documents.Where(d => d.N != null).OrderByDescending(d => d.Status).ThenBy(d => d.Code, StringComparer.Ordinal).Skip(3).Take(50).Select(d => (d.Status, d.Code)),
            byTwo.Select(d => (d.Status, d.Code)));
    }

    protected async Task ReadBack_IsExactlyWhatWasWritten_Core()
    {
        foreach (var expected in _documents.Take(40))
        {
            var stored = await Samples.FindByIdAsync(expected.Id);

            Assert.NotNull(stored);
            Assert.Equal(expected.At, stored.At);
            Assert.Equal(expected.At.Offset, stored.At.Offset);
            Assert.Equal(expected.When, stored.When);
            Assert.Equal(expected.When.Kind, stored.When.Kind);
            Assert.Equal(expected.Name, stored.Name);
            Assert.Equal(expected.Code, stored.Code);
            Assert.Equal(expected.Tags, stored.Tags);
            Assert.Equal(expected.Amount, stored.Amount);
        }
    }

    protected async Task Untranslatable_ThrowsNotSupportedNamingExpression_Core()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Samples.FindAsync(x => x.Code.Length > 2));
        var culture = await Assert.ThrowsAsync<NotSupportedException>(() => Samples.FindAsync(x => x.Code.StartsWith("a", StringComparison.CurrentCulture)));
        var twoMembers = await Assert.ThrowsAsync<NotSupportedException>(() => Samples.FindAsync(x => x.Score > (double)x.Amount));

        Assert.Contains("x.Code.Length", error.Message, StringComparison.Ordinal);
        Assert.Contains("CurrentCulture", culture.Message, StringComparison.Ordinal);
        Assert.Contains("x.Score", twoMembers.Message, StringComparison.Ordinal);
    }

    private async Task Compare(Expression<Func<Sample, bool>> predicate, List<string> failures)
    {
        var expected = _documents.Where(predicate.Compile()).Select(d => d.Id).Order().ToList();
        List<long> actual;
        long count;
        try
        {
            actual = [.. (await Samples.FindAsync(predicate)).Select(d => d.Id).Order()];
            count = await Samples.CountAsync(predicate);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failures.Add($"{predicate}: threw {exception.GetType().Name}: {exception.Message}");
            return;
        }

        if (!expected.SequenceEqual(actual) || count != expected.Count)
        {
            failures.Add($"{predicate}: LINQ {expected.Count} [{string.Join(',', expected.Take(8))}], engine {actual.Count} [{string.Join(',', actual.Take(8))}] count {count}");
        }
    }
}
