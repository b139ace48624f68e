using System.Text.Json.Serialization;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;
using Npgsql;

namespace BackEnd.Storage.Document.Tests.Postgres;

/// <summary>
/// The PostgreSQL lookups and single inserts that run outside a transaction in one step: rows sorted by id after reading when the
/// server was not asked to, single inserts with their version and mt_json written into the statement, documents read from a lent buffer.
/// </summary>
public sealed class PostgresLookupPathTests : PostgresStoreTests
{
    [PostgresFact]
    public async Task PreparedFind_ArgumentsInTurn_MatchFindAsyncAndUseTheIndex()
    {
        var samples = Store.GetCollection<Sample>("prepared");
        var all = Enumerable.Range(1, 40).Select(i => new Sample { Id = i, Code = "c" + (i % 7), Name = i % 5 == 0 ? null : "n" + i }).ToList();
        await samples.InsertManyAsync(all);
        await samples.EnsureIndexAsync(x => x.Code);
        var byCode = samples.Prepare((Sample x, string code) => x.Code == code);
        var byName = samples.Prepare((Sample x, string? name) => x.Name == name);

        foreach (var code in new[] { "c3", "c0", "c3", "x'; DROP TABLE mt_doc_prepared; --" })
        {
            Assert.Equal(all.Where(x => x.Code == code).Select(x => x.Id), (await byCode.FindAsync(code)).Select(x => x.Id));
            var lambda = await samples.FindAsync(x => x.Code == code);
            Assert.Equal(lambda.Select(x => x.Id), (await byCode.FindAsync(code)).Select(x => x.Id));
        }

        foreach (var name in new[] { "n4", null, "n4" })
        {
            Assert.Equal(all.Where(x => x.Name == name).Select(x => x.Id), (await byName.FindAsync(name)).Select(x => x.Id));
        }
    }

    [PostgresFact]
    public async Task Find_WithoutOrderOrPage_ReturnsIdOrder_WhateverOrderTheServerReads()
    {
        // Stored in a shuffled id order, so a heap scan reads them out of id order; the index on Code reads them in Code order.
        var samples = Store.GetCollection<Sample>("unordered");
        var ids = Enumerable.Range(1, 300).Select(i => (long)((i * 7919) % 300) + 1).ToList();
        foreach (var id in ids)
        {
            await samples.InsertAsync(new Sample { Id = id, Code = "c" + (1000 - id), N = (int)(id % 3) });
        }

        await samples.EnsureIndexAsync(x => x.Code);
        await Schema.ExecuteAsync("ANALYZE mt_doc_unordered");
        var sorted = ids.Order().ToList();
        var codes = new[] { "c999", "c998", "c700", "c701" };

        var all = await samples.FindAsync(x => x.N >= 0);
        var some = await samples.FindAsync(x => x.N == 1);
        var byCode = await samples.FindAsync(x => codes.Contains(x.Code));
        var first = await samples.FindOneAsync(x => x.N == 2);
        IReadOnlyList<Sample> inTransaction;
        await using (var transaction = await Store.Engine.BeginTransactionAsync(CancellationToken.None))
        {
            inTransaction = await new DocumentCollection<Sample>(Store, "unordered", transaction).FindAsync(x => x.N == 1);
        }

        Assert.Equal(sorted, all.Select(s => s.Id));
        Assert.Equal(sorted.Where(id => id % 3 == 1), some.Select(s => s.Id));
        Assert.Equal([1L, 2, 299, 300], byCode.Select(s => s.Id));
        Assert.Equal(sorted.First(id => id % 3 == 2), first!.Id);
        Assert.Equal(some.Select(s => s.Id), inTransaction.Select(s => s.Id));
    }

    [PostgresFact]
    public async Task Find_StringIds_KeepTheServersOrdinalOrder()
    {
        // Text ids are not sorted after reading (.NET's UTF-16 order is not the "C" collation's): the server orders them.
        var items = Store.GetCollection<Keyed>();
        string[] keys = ["b", "\uFF5E", "a", "\U0001F600", "B", "ab"];
        foreach (var key in keys)
        {
            await items.InsertAsync(new Keyed { Id = key, Group = "g" });
        }

        var found = await items.FindAsync(x => x.Group == "g");

        Assert.Equal(["B", "a", "ab", "b", "\uFF5E", "\U0001F600"], found.Select(k => k.Id));
    }

    [PostgresFact]
    public async Task InsertOne_StoresVersionOne_AndKeepsTheTextOnlyWhenJsonbWouldChangeIt()
    {
        // A type without dates or enums: its query view is its JSON, so only the negative zero keeps a text copy.
        var samples = Store.GetCollection<Plain>("single");
        var plain = new Plain { Id = 1, Code = "plain", Score = 1.5 };
        var negativeZero = new Plain { Id = 2, Code = "zero", Score = -0.0 };

        await samples.InsertAsync(plain);
        await samples.InsertAsync(negativeZero);
        var rows = await RowsAsync("SELECT id, mt_version, mt_json = '' FROM mt_doc_single ORDER BY id");
        var readPlain = await samples.FindByIdAsync(1L);
        var readZero = Assert.Single(await samples.FindAsync(x => x.Code == "zero"));

        Assert.Equal([(1L, 1L, true), (2L, 1L, false)], rows);
        Assert.Equal(1, plain.Version);
        Assert.Equal(1.5, readPlain!.Score);
        Assert.True(double.IsNegative(readZero.Score));
        Assert.Equal(1, readZero.Version);
    }

    [PostgresFact]
    public async Task InsertOne_SameIdTwice_ThrowsDuplicateKey_AndKeepsTheFirst()
    {
        var samples = Store.GetCollection<Sample>("dupes");
        await samples.InsertAsync(new Sample { Id = 7, Code = "first" });

        await Assert.ThrowsAsync<DuplicateKeyException>(() => samples.InsertAsync(new Sample { Id = 7, Code = "second" }));

        Assert.Equal("first", (await samples.FindByIdAsync(7L))!.Code);
        Assert.Equal(1, await samples.CountAsync());
    }

    [PostgresFact]
    public async Task Lookups_AfterTheTableIsDroppedBehindTheEngine_RecreateItOnce()
    {
        var samples = Store.GetCollection<Sample>("dropped");
        await samples.InsertAsync(new Sample { Id = 1, Code = "x" });
        await Schema.ExecuteAsync("DROP TABLE mt_doc_dropped");

        var none = await samples.FindAsync(x => x.Code == "x");
        await Schema.ExecuteAsync("DROP TABLE mt_doc_dropped");
        await samples.InsertAsync(new Sample { Id = 2, Code = "y" });
        await Schema.ExecuteAsync("DROP TABLE mt_doc_dropped");
        var missing = await samples.FindByIdAsync(2L);

        Assert.Empty(none);
        Assert.Null(missing);
        Assert.Equal(0, await samples.CountAsync());
    }

    [PostgresFact]
    public async Task Lookup_OnAMemberStoredWithAnotherType_ThrowsInvalidOperation_AndLaterLookupsWork()
    {
        // Two document types share a collection; one stores N as text, the other compares it as a number.
        await Store.GetCollection<TextN>("mixed").InsertAsync(new TextN { Id = 1, N = "not a number" });
        var numbers = Store.GetCollection<Sample>("mixed");
        await numbers.InsertAsync(new Sample { Id = 2, N = 5 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => numbers.FindAsync(x => x.N > 3));

        Assert.Contains("another type", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await numbers.FindByIdAsync(2L))!.N);
        Assert.Equal(2L, Assert.Single(await numbers.FindAsync(x => x.Code == "")).Id);
    }

    [PostgresFact]
    public async Task PlannedLookup_MemberNameWithSqlMetacharacters_MatchesByValueEachCall()
    {
        var odd = Store.GetCollection<OddName>();
        foreach (var value in new[] { "a", "' OR 1=1 --", "$1", "b" })
        {
            await odd.InsertAsync(new OddName { Odd = value });
        }

        // The same lambda twice: the second call reuses the first's statement with its own value.
        foreach (var value in new[] { "' OR 1=1 --", "$1", "none" })
        {
            var found = await odd.FindAsync(x => x.Odd == value);

            Assert.Equal(value == "none" ? [] : [value], found.Select(o => o.Odd));
        }
    }

    [PostgresFact]
    public async Task LargeDocuments_ReadBackWhole_AndTheLimitCountsUtf8Bytes()
    {
        var notes = Store.GetCollection<Nested>();
        var large = new string('x', 60 * 1024);
        var id = (Guid)await notes.InsertAsync(new Nested { Text = large });
        await notes.InsertAsync(new Nested { Text = "small" });

        // Unescaped, a euro sign is 3 UTF-8 bytes in 1 UTF-16 character: 22,000 of them are 22,000 characters but 66,000 bytes.
        var options = new DocumentStorageOptions().UsePostgres(Schema.ConnectionString);
        options.MaxDocumentBytes = 64 * 1024;
        options.SerializerOptions = new(System.Text.Json.JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await using var relaxed = DocumentStore.Create(options);
        var euros = relaxed.GetCollection<Nested>("euros");
        var multiId = (Guid)await euros.InsertAsync(new Nested { Text = new string('\u20AC', 11_000) });
        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => euros.InsertAsync(new Nested { Text = new string('\u20AC', 22_000) }));
        var found = await notes.FindAsync(x => x.Text == large);
        var byId = await euros.FindByIdAsync(multiId);

        Assert.Equal(id, Assert.Single(found).Id);
        Assert.Equal(large, found[0].Text);
        Assert.Equal(new string('\u20AC', 11_000), byId!.Text);
        Assert.Contains("over the limit", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal(2, await notes.CountAsync());
        Assert.Equal(1, await euros.CountAsync());
    }

    private async Task<List<(long Id, long Version, bool Empty)>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Schema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, bool)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2)));
        }

        return rows;
    }

    public sealed class Plain
    {
        public long Id { get; set; }

        public string Code { get; set; } = "";

        public double Score { get; set; }

        public long Version { get; set; }
    }

    public sealed class Keyed
    {
        public string Id { get; set; } = "";

        public string Group { get; set; } = "";
    }

    public sealed class TextN
    {
        public long Id { get; set; }

        public string N { get; set; } = "";
    }

    public sealed class OddName
    {
        public Guid Id { get; set; }

        [JsonPropertyName("o'k\"; DROP TABLE x; --")]
        public string Odd { get; set; } = "";
    }
}
