using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// A planned predicate's LiteDB expression is parsed once per file and rebound with each call's values; member names read from a view
/// are reused per thread. Both must stay invisible: every call sees its own values, every document its own names.
/// </summary>
public sealed class LiteDbPlannedQueryTests : IDisposable
{
    private readonly TempFile _first = new();
    private readonly TempFile _second = new();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task FindAsync_OneLambdaWithChangingValues_EachCallFindsItsOwnDocuments()
    {
        await using var store = Open(_first);
        var samples = store.GetCollection<Sample>();
        var all = Enumerable.Range(1, 30).Select(i => new Sample { Id = i, Code = "c" + (i % 5), N = i, Flag = i % 2 == 0 }).ToList();
        await samples.InsertManyAsync(all);

        // Values revisit earlier ones, so a binding left over from the previous call would show up as a wrong set.
        foreach (var (code, n, flag) in new[] { ("c1", 10, true), ("c3", 3, false), ("c1", 25, false), ("c0", 0, true), ("c3", 3, false) })
        {
            var byCode = await samples.FindAsync(x => x.Code == code);
            var mixed = await samples.FindAsync(x => (x.N > n && x.Code != code) || !(x.Flag == flag));

            Assert.Equal(all.Where(x => x.Code == code).Select(x => x.Id), byCode.Select(x => x.Id).Order());
            Assert.Equal(all.Where(x => (x.N > n && x.Code != code) || !(x.Flag == flag)).Select(x => x.Id), mixed.Select(x => x.Id).Order());
        }

        // A null value changes the text (null, not a parameter): that call is written in full, and the next planned call binds its own value.
        foreach (var (name, code) in new[] { ((string?)null, "c1"), ("nobody", "c1"), (null, "c2") })
        {
            var found = await samples.FindAsync(x => x.Name == name && x.Code == code);
            Assert.Equal(all.Where(x => x.Name == name && x.Code == code).Select(x => x.Id), found.Select(x => x.Id).Order());
        }
    }

    [Fact]
    public async Task FindAsync_SameLambdaOnTwoFilesAtOnce_EachCallKeepsItsValue()
    {
        await using var first = Open(_first);
        await using var second = Open(_second);
        var collections = new[] { first.GetCollection<Sample>(), second.GetCollection<Sample>() };
        foreach (var (collection, file) in collections.Select((c, i) => (c, i)))
        {
            await collection.InsertManyAsync(Enumerable.Range(1, 40).Select(i => new Sample { Id = i, Code = file + ":" + i }));
        }

        // Both files share the document type's plan; each binds its own expression, so interleaved calls never see another's value.
        var lookups = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < 150; i++)
            {
                var file = (worker + i) % 2;
                var code = file + ":" + (((worker * 7) + i) % 40 + 1);
                var found = await collections[file].FindAsync(x => x.Code == code);
                wrong += found.Count == 1 && found[0].Code == code ? 0 : 1;
            }

            return wrong;
        }));

        Assert.Equal(new int[8], await Task.WhenAll(lookups));
    }

    [Fact]
    public async Task InsertAndFind_ManyLongEscapedAndUnicodeMemberNames_ReadBackExactly()
    {
        await using var store = Open(_first);
        var notes = store.GetCollection<Nested>();
        var fields = new Dictionary<string, string>
        {
            [new string('n', 64)] = "at the limit",
            [new string('l', 65)] = "past it",
            ["quote\"back\\slash"] = "escaped",
            ["Größe"] = "two bytes",
            ["名前"] = "three bytes",
            ["FIELD"] = "upper",
            ["field"] = "lower",
        };

        // More distinct names than a thread keeps: the ones past its limit are still read as themselves.
        for (var i = 0; i < 1100; i++)
        {
            fields["k" + i] = "v" + i;
        }

        var id = await notes.InsertAsync(new Nested { Text = "names", Fields = fields });
        var again = await notes.InsertAsync(new Nested { Text = "names again", Fields = fields });

        foreach (var read in new[] { await notes.FindByIdAsync(id), await notes.FindByIdAsync(again) })
        {
            Assert.Equal(fields, read!.Fields);
        }

        Assert.Equal(2, (await notes.FindAsync(x => x.Text.StartsWith("names"))).Count);
    }

    private static DocumentStore Open(TempFile file) => DocumentStore.Create(new DocumentStorageOptions().UseLiteDb("Filename=" + file.Path));
}
