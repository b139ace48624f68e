using System.Globalization;
using System.Text.Json;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.Document.Internal.Postgres;
using BackEnd.Storage.Document.Tests.Support;
using LiteDB;
using Npgsql;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace BackEnd.Storage.Document.Tests.Documents;

/// <summary>
/// A document whose query view is its JSON is stored once (LiteDB: no <c>j</c>; PostgreSQL: empty <c>mt_json</c>) and reads back the
/// same; anything the view would change keeps its JSON text; records and rows in the earlier two-copy layout read, query and update.
/// </summary>
public sealed class StoredOnceTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task LiteDb_ViewIsJson_StoresNoJsonCopy_AndReadsBackEveryValue()
    {
        var written = Tricky(1);
        await using (var store = Stores.LiteDb(_file.Path))
        {
            await store.GetCollection<Numbers>("numbers").InsertAsync(written);
        }

        using (var db = new LiteDatabase("Filename=" + _file.Path))
        {
            var record = db.GetCollection("numbers").FindById(1L);
            Assert.False(record.ContainsKey("j"));
            Assert.Equal(long.MaxValue, record["d"]["big"].AsInt64);
        }

        await using var reopened = Stores.LiteDb(_file.Path);
        var read = await reopened.GetCollection<Numbers>("numbers").FindByIdAsync(1L);
        Assert.Equal(Serialize(written), Serialize(read!));
        Assert.Equal(1L, read!.Version);
    }

    [Theory]
    [InlineData("negative zero")]
    [InlineData("exponent")]
    [InlineData("keys differing in case")]
    public async Task LiteDb_ValueTheViewWouldChange_KeepsItsJson(string kind)
    {
        var document = Tricky(2);
        switch (kind)
        {
            case "negative zero":
                document.Ratio = -0.0;
                break;
            case "exponent":
                document.Ratio = 1.5e-7;
                break;
            default:
                document.Counts = new Dictionary<string, int> { ["a"] = 1, ["A"] = 2 };
                break;
        }

        await using (var store = Stores.LiteDb(_file.Path))
        {
            await store.GetCollection<Numbers>("numbers").InsertAsync(document);
            var read = await store.GetCollection<Numbers>("numbers").FindByIdAsync(2L);
            Assert.Equal(Serialize(document), Serialize(read!));
            Assert.Equal(double.IsNegative(document.Ratio), double.IsNegative(read!.Ratio));
        }

        using var db = new LiteDatabase("Filename=" + _file.Path);
        Assert.True(db.GetCollection("numbers").FindById(2L).ContainsKey("j"));
    }

    [Fact]
    public async Task LiteDb_RecordsInTheTwoCopyLayout_ReadQueryAndUpdate_IntoTheNewLayout()
    {
        var json = Web;
        var connection = new ConnectionString("Filename=" + _file.Path) { Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal) };
        using (var db = new LiteDatabase(connection))
        {
            // The layout earlier versions wrote for every record: { _id, v, j: exact JSON, d: query view }.
            foreach (var id in new[] { 1L, 2L })
            {
                var word = new Word { Id = id, Text = "w" + id, Rank = (int)id, Version = 1 };
                db.GetCollection("words").Insert(new BsonDocument
                {
                    ["_id"] = id,
                    ["v"] = 1L,
                    ["j"] = JsonSerializer.Serialize(word, json),
                    ["d"] = LiteDbDocumentEngine.ToBson(JsonSerializer.Serialize(word, json)),
                });
            }
        }

        await using (var store = Stores.LiteDb(_file.Path))
        {
            var words = store.GetCollection<Word>("words");
            Assert.Equal("w2", (await words.FindByIdAsync(2L))!.Text);
            Assert.Equal(1L, (await words.FindOneAsync(w => w.Text == "w1"))!.Id);
            var first = (await words.FindByIdAsync(1L))!;
            first.Text = "changed";
            Assert.True(await words.UpdateAsync(first));
            Assert.Equal(["changed", "w2"], (await words.Query().OrderBy(w => w.Id).ToListAsync()).Select(w => w.Text));
        }

        using var check = new LiteDatabase("Filename=" + _file.Path);
        Assert.False(check.GetCollection("words").FindById(1L).ContainsKey("j"));
        Assert.Equal(2L, check.GetCollection("words").FindById(1L)["v"].AsInt64);
        Assert.True(check.GetCollection("words").FindById(2L).ContainsKey("j"));
    }

    [Fact]
    public async Task LiteDb_LeadingNumericId_IsStoredOnceAsTheKey_VersionOneImplied_AndQueriesReadTheKey()
    {
        var connection = new ConnectionString("Filename=" + _file.Path) { Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal) };
        using (var db = new LiteDatabase(connection))
        {
            // A record as the previous layout wrote it: the id inside the view too, and v = 1.
            var old = new Word { Id = 9, Text = "old", Rank = 9, Version = 1 };
            db.GetCollection("words").Insert(new BsonDocument { ["_id"] = 9L, ["v"] = 1L, ["d"] = LiteDbDocumentEngine.ToBson(JsonSerializer.Serialize(old, Web)) });
        }

        var written = Enumerable.Range(1, 5).Select(i => new Word { Id = i, Text = "w" + i, Rank = i }).ToList();
        await using (var store = Stores.LiteDb(_file.Path))
        {
            var words = store.GetCollection<Word>("words");
            await words.InsertManyAsync(written);
            Assert.Equal(JsonSerializer.Serialize(written[2], Web), JsonSerializer.Serialize(await words.FindByIdAsync(3L), Web));
            Assert.Equal("w3", (await words.FindOneAsync(w => w.Id == 3))!.Text);
            Assert.Equal([4L, 5L, 9L], (await words.FindAsync(w => w.Id > 3)).Select(w => w.Id).Order());
            Assert.Equal("old", (await words.FindOneAsync(w => w.Id == 9))!.Text);
            Assert.Equal([9L, 5L, 4L, 3L, 2L, 1L], (await words.Query().OrderByDescending(w => w.Id).ToListAsync()).Select(w => w.Id));
            Assert.Equal(5, await words.CountAsync(w => w.Id >= 2));
            Assert.Equal(1, await words.DeleteManyAsync(w => w.Id == 1));
            var second = (await words.FindByIdAsync(2L))!;
            Assert.Equal(1L, second.Version);
            second.Text = "changed";
            Assert.True(await words.UpdateAsync(second));
            Assert.Equal("changed", (await words.FindOneAsync(w => w.Id == 2))!.Text);
            Assert.Equal(2L, (await words.FindByIdAsync(2L))!.Version);
        }

        using var check = new LiteDatabase("Filename=" + _file.Path);
        var records = check.GetCollection("words");
        var fresh = records.FindById(3L);
        Assert.False(fresh.ContainsKey("v"));
        Assert.False(fresh.ContainsKey("j"));
        Assert.False(fresh["d"].AsDocument.ContainsKey("id"));
        Assert.Equal("w3", fresh["d"]["text"].AsString);
        var updated = records.FindById(2L);
        Assert.Equal(2L, updated["v"].AsInt64);
        Assert.False(updated["d"].AsDocument.ContainsKey("id"));
        Assert.Equal(9L, records.FindById(9L)["d"]["id"].AsInt64);
    }

    [Fact]
    public async Task LiteDb_TextId_IsStoredOnce_AndTextQueriesOnItMatch()
    {
        await using (var store = Stores.LiteDb(_file.Path))
        {
            var keyed = store.GetCollection<TextKeyed>("keyed");
            await keyed.InsertManyAsync([new TextKeyed { Id = "a-1" }, new TextKeyed { Id = "a-2" }, new TextKeyed { Id = "b-1" }]);
            Assert.Equal(["a-1", "a-2"], (await keyed.FindAsync(k => k.Id.StartsWith("a-"))).Select(k => k.Id).Order());
            Assert.Equal("b-1", (await keyed.FindOneAsync(k => k.Id == "b-1"))!.Id);
            Assert.Null(await keyed.FindOneAsync(k => k.Id == "B-1"));
            Assert.Equal("b-1", (await keyed.FindByIdAsync("b-1"))!.Id);
        }

        using var check = new LiteDatabase("Filename=" + _file.Path);
        Assert.False(check.GetCollection("keyed").FindById("a-1")["d"].AsDocument.ContainsKey("id"));
    }

    [Fact]
    public async Task LiteDb_IdNotLeadingOrWrittenAsText_StaysInTheView_AndQueriesStillMatch()
    {
        await using (var store = Stores.LiteDb(_file.Path))
        {
            var trailing = store.GetCollection<IdLast>("trailing");
            await trailing.InsertAsync(new IdLast { Name = "t", Id = 7 });
            Assert.Equal("t", (await trailing.FindOneAsync(x => x.Id == 7))!.Name);
            Assert.Equal("t", (await trailing.FindByIdAsync(7L))!.Name);

            var quoted = store.GetCollection<IdAsText>("quoted");
            await quoted.InsertAsync(new IdAsText { Id = 8, Name = "q" });
            Assert.Equal(8L, (await quoted.FindByIdAsync(8L))!.Id);
            Assert.Equal("q", (await quoted.FindOneAsync(x => x.Name == "q"))!.Name);
        }

        using var check = new LiteDatabase("Filename=" + _file.Path);
        Assert.Equal(7L, check.GetCollection("trailing").FindById(7L)["d"]["id"].AsInt64);
        Assert.Equal("8", check.GetCollection("quoted").FindById(8L)["d"]["id"].AsString);
    }

    [Fact]
    public void ToBson_RoundTripCheck_AcceptsOnlyTextItWritesBackByteForByte()
    {
        // As System.Text.Json writes it by default: upper-case hex escapes, HTML-sensitive characters escaped.
        Assert.True(Check("""{"a":1,"b":"x\u00E9\u003C","c":[true,null,1.50],"d":{"e":-2}}"""));
        Assert.False(Check("""{"b":"x\u00e9<"}"""));
        Assert.False(Check("""{"a":-0}"""));
        Assert.False(Check("""{"a":1E-07}"""));
        Assert.False(Check("""{"a":1,"A":2}"""));
        Assert.False(Check("""{ "a": 1 }"""));
        Assert.False(Check("""{"x":1,"_id":2}"""));

        static bool Check(string text)
        {
            LiteDbDocumentEngine.ToBson(text, checkRoundTrip: true, out var same);
            return same;
        }
    }

    [Fact]
    public void Postgres_StoredJson_IsEmptyOnlyWhenTheViewIsTheJson()
    {
        Assert.Equal("", PostgresDocumentEngine.StoredJson(Stored("""{"a":1}""", same: true)));
        Assert.Equal("""{"a":1}""", PostgresDocumentEngine.StoredJson(Stored("""{"a":1}""", same: false)));
        Assert.Equal("""{"a":-0}""", PostgresDocumentEngine.StoredJson(Stored("""{"a":-0}""", same: true)));

        static StoredDocument Stored(string json, bool same) => new(1L, json, same ? json : new string(json.AsSpan()), 1);
    }

    [PostgresFact]
    public async Task Postgres_RowsInBothLayouts_ReadQueryAndUpdate()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await using var store = Stores.Postgres(schema.ConnectionString);
        var numbers = store.GetCollection<Numbers>("numbers");
        var once = Tricky(1);
        var negative = Tricky(2);
        negative.Ratio = -0.0;
        await numbers.InsertManyAsync([once, negative]);

        // A row as earlier versions wrote it: the exact JSON in mt_json beside the jsonb view.
        var old = Tricky(3);
        old.Name = "old";
        old.Version = 1;
        var oldJson = Serialize(old);
        await schema.ExecuteAsync(
            $"INSERT INTO mt_doc_numbers (id, data, mt_json, mt_version) VALUES (3, '{oldJson}'::jsonb, '{oldJson}', 1)");

        Assert.Equal(Serialize(once), Serialize((await numbers.FindByIdAsync(1L))!));
        Assert.True(double.IsNegative((await numbers.FindByIdAsync(2L))!.Ratio));
        Assert.Equal(oldJson, Serialize((await numbers.FindOneAsync(n => n.Name == "old"))!));
        Assert.Equal([1L, 2L, 3L], (await numbers.FindAsync(n => n.Big == long.MaxValue)).Select(n => n.Id).Order());

        var loaded = (await numbers.FindByIdAsync(3L))!;
        loaded.Name = "updated";
        Assert.True(await numbers.UpdateAsync(loaded));
        Assert.Equal("updated", (await numbers.FindByIdAsync(3L))!.Name);

        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, mt_json = '' FROM mt_doc_numbers ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var empty = new List<(long, bool)>();
        while (await reader.ReadAsync())
        {
            empty.Add((reader.GetInt64(0), reader.GetBoolean(1)));
        }

        Assert.Equal([(1L, true), (2L, false), (3L, true)], empty);
    }

    private static Numbers Tricky(long id) => new()
    {
        Id = id,
        Name = "n\u00e9 \"quoted\" <b>",
        Big = long.MaxValue,
        Price = 12.50m,
        Ratio = 0.1,
        Large = 1e300,
        Counts = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 },
        Child = new NumbersChild { Values = [long.MinValue, 0, 9_007_199_254_740_993] },
    };

    private static string Serialize(Numbers numbers) => JsonSerializer.Serialize(numbers, Web);

    public sealed class Numbers
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public long Big { get; set; }

        public decimal Price { get; set; }

        public double Ratio { get; set; }

        public double Large { get; set; }

        public Dictionary<string, int> Counts { get; set; } = [];

        public NumbersChild Child { get; set; } = new();

        public long Version { get; set; }
    }

    public sealed class IdLast
    {
        public string Name { get; set; } = "";

        public long Id { get; set; }
    }

    public sealed class IdAsText
    {
        [System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.WriteAsString | System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString)]
        public long Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class NumbersChild
    {
        public List<long> Values { get; set; } = [];
    }
}
