using System.Globalization;
using System.Text.Json;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;
using LiteDB;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// New files get a culture-invariant ordinal collation; files written by earlier versions (en-US/Ordinal, records
/// <c>{ _id, v, j, d }</c>) still open and answer queries exactly as a new file does.
/// </summary>
public sealed class LiteDbCollationTests : IDisposable
{
    // Case, accents, a longer prefix and characters above the BMP: ordinal order differs from en-US culture order for these.
    private static readonly Word[] Words =
    [
        new() { Id = 1, Text = "b", Rank = 3 },
        new() { Id = 2, Text = "B", Rank = 1 },
        new() { Id = 3, Text = "a", Rank = 2 },
        new() { Id = 4, Text = "aa", Rank = 5 },
        new() { Id = 5, Text = "é", Rank = 4 },
        new() { Id = 6, Text = "E", Rank = 6 },
        new() { Id = 7, Text = "Ab", Rank = 7 },
        new() { Id = 8, Text = "a-b", Rank = 8 },
        new() { Id = 9, Text = "\U0001F600", Rank = 9 },
    ];

    private readonly TempFile _old = new();
    private readonly TempFile _new = new();

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }

    [Fact]
    public async Task NewFile_IsCreatedWithInvariantOrdinalCollation()
    {
        await using (var store = Stores.LiteDb(_new.Path))
        {
            await store.GetCollection<Word>("words").InsertManyAsync(Copy());
        }

        using var db = new LiteDatabase("Filename=" + _new.Path);
        Assert.Equal(CultureInfo.InvariantCulture.LCID, db.Collation.LCID);
        Assert.Equal(CompareOptions.Ordinal, db.Collation.SortOptions);
    }

    [Fact]
    public async Task FileWrittenWithEnUsCollation_OpensAndQueriesAsANewFile()
    {
        WriteOldFile(_old.Path);
        await using var oldStore = Stores.LiteDb(_old.Path);
        await using var newStore = Stores.LiteDb(_new.Path);
        var old = oldStore.GetCollection<Word>("words");
        var fresh = newStore.GetCollection<Word>("words");
        await fresh.InsertManyAsync(Copy());

        // Captured values, as callers pass them (and one-character constants would draw the char-overload analyzers).
        var a = "a";
        var b = "B";
        foreach (var words in new[] { old, fresh })
        {
            var ordered = await words.Query().OrderBy(w => w.Text).ToListAsync();
            var descending = await words.Query().OrderByDescending(w => w.Text).Skip(1).Limit(3).ToListAsync();
            var prefixed = await words.FindAsync(w => w.Text.StartsWith(a));
            var ignoringCase = await words.FindAsync(w => w.Text.Contains(b, StringComparison.OrdinalIgnoreCase));
            var exact = await words.FindAsync(w => w.Text == "é" || w.Text == "B");
            var byId = await words.FindByIdAsync(5L);

            Assert.Equal(Words.Select(w => w.Text).Order(StringComparer.Ordinal), ordered.Select(w => w.Text));
            Assert.Equal(Words.Select(w => w.Text).OrderDescending(StringComparer.Ordinal).Skip(1).Take(3), descending.Select(w => w.Text));
            Assert.Equal(["a", "a-b", "aa"], prefixed.Select(w => w.Text).Order(StringComparer.Ordinal));
            Assert.Equal(["Ab", "B", "a-b", "b"], ignoringCase.Select(w => w.Text).Order(StringComparer.Ordinal));
            Assert.Equal([2L, 5L], exact.Select(w => w.Id).Order());
            Assert.Equal(("é", 4, 1L), (byId!.Text, byId.Rank, byId.Version));
        }

        // An index built on the old file sorts with its collation; it must agree with ordinal order too.
        await old.EnsureIndexAsync(w => w.Text);
        Assert.Equal(Words.Select(w => w.Text).Order(StringComparer.Ordinal), (await old.Query().OrderBy(w => w.Text).ToListAsync()).Select(w => w.Text));
        Assert.Equal(["a", "a-b", "aa"], (await old.FindAsync(w => w.Text.StartsWith(a))).Select(w => w.Text).Order(StringComparer.Ordinal));
        var added = new Word { Text = "new", Rank = 10 };
        await old.InsertAsync(added);
        Assert.Equal(10L, added.Id);
        Assert.Equal("new", (await old.FindAsync(w => w.Text == "new")).Single().Text);
    }

    [Fact]
    public async Task FileWrittenWithEnUsCollation_KeepsItsCollation()
    {
        WriteOldFile(_old.Path);
        await using (var store = Stores.LiteDb(_old.Path))
        {
            await store.GetCollection<Word>("words").UpdateAsync(new Word { Id = 1, Text = "b2", Rank = 3, Version = 1 });
        }

        using var db = new LiteDatabase("Filename=" + _old.Path);
        Assert.Equal("en-US", db.Collation.Culture.Name);
        Assert.Equal("b2", db.GetCollection("words").FindById(1L)["d"]["text"].AsString);
    }

    private static List<Word> Copy() => [.. Words.Select(w => new Word { Id = w.Id, Text = w.Text, Rank = w.Rank })];

    /// <summary>Writes the layout earlier versions wrote, by hand: en-US/Ordinal, <c>{ _id, v, j: exact JSON, d: query view }</c>, a counter.</summary>
    private static void WriteOldFile(string path)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var db = new LiteDatabase(new ConnectionString("Filename=" + path) { Collation = new Collation("en-US/Ordinal") });
        var records = db.GetCollection("words");
        foreach (var word in Words)
        {
            var stored = new Word { Id = word.Id, Text = word.Text, Rank = word.Rank, Version = 1 };
            records.Insert(new BsonDocument
            {
                ["_id"] = stored.Id,
                ["v"] = 1L,
                ["j"] = System.Text.Json.JsonSerializer.Serialize(stored, json),
                ["d"] = new BsonDocument { ["id"] = stored.Id, ["text"] = stored.Text, ["rank"] = (long)stored.Rank, ["version"] = 1L },
            });
        }

        db.GetCollection("mt_sequences").Upsert(new BsonDocument { ["_id"] = "words", ["n"] = (long)Words.Length });
    }
}
