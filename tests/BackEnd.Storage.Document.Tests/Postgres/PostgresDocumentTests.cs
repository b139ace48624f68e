using System.Net;
using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;
using Npgsql;

namespace BackEnd.Storage.Document.Tests.Postgres;

public sealed class PostgresDocumentTests : PostgresStoreTests
{
    [PostgresFact]
    public async Task FindAsync_OneLambdaWithDifferentCapturedValues_ReturnsEachValuesDocuments()
    {
        // The lambda's SQL is kept after the first call; every call must still bind its own values and page.
        var samples = Store.GetCollection<Sample>("shape_samples");
        await samples.InsertManyAsync(Enumerable.Range(1, 6).Select(i => new Sample { Code = "c" + (i % 3), N = i }).ToList());

        foreach (var code in new[] { "c0", "c1", "c2", "none" })
        {
            var found = await samples.FindAsync(x => x.Code == code);
            var first = await samples.Query().Where(x => x.Code == code).FirstOrDefaultAsync();
            var paged = await samples.FindAsync(x => x.Code == code, skip: 1, limit: 1);

            Assert.Equal(code == "none" ? 0 : 2, found.Count);
            Assert.All(found, s => Assert.Equal(code, s.Code));
            Assert.Equal(code == "none" ? null : code, first?.Code);
            Assert.Equal(found.Skip(1).Select(s => s.Id), paged.Select(s => s.Id));
        }

        foreach (var n in new[] { 2, 5, 2 })
        {
            var above = await samples.FindAsync(x => x.N > n);

            Assert.Equal(Enumerable.Range(n + 1, 6 - n), above.Select(s => s.N!.Value));
        }
    }

    [PostgresFact]
    public async Task Insert_JsonSqlAndLikeMetacharacters_StoredAndMatchedAsData()
    {
        string[] hostile = ["{\"$where\": \"1 == 1\"}", "'; DROP TABLE x; -- \" \\ \n \t \u001f", "data ->> 'text' = 'x' OR 1 = 1", "%_\\%", "$1 $2"];
        var notes = Store.GetCollection<Nested>();
        await notes.InsertAsync(new Nested { Text = "other" });

        foreach (var text in hostile)
        {
            var id = (Guid)await notes.InsertAsync(new Nested { Text = text, Fields = { [text] = text } });

            var found = await notes.FindAsync(x => x.Text == text);
            var containing = await notes.FindAsync(x => x.Text.Contains(text));
            var starting = await notes.FindAsync(x => x.Text.StartsWith(text, StringComparison.OrdinalIgnoreCase));

            Assert.Equal(id, Assert.Single(found).Id);
            Assert.Equal(id, Assert.Single(containing).Id);
            Assert.Equal(id, Assert.Single(starting).Id);
            Assert.Equal(text, Assert.Single(found).Fields[text]);
        }
    }

    [PostgresFact]
    public async Task Insert_FieldNamesWithDotsAndDollar_RoundTripAndAreQueryable()
    {
        var notes = Store.GetCollection<Nested>();
        var id = await notes.InsertAsync(new Nested { Dotted = "d", Fields = { ["a.b"] = "1", ["$x"] = "2", ["id"] = "3", ["it's"] = "4" } });
        await notes.InsertAsync(new Nested { Dotted = "e" });

        var stored = await notes.FindByIdAsync(id);
        var byDotted = await notes.FindAsync(x => x.Dotted == "d");

        Assert.Equal("1", stored!.Fields["a.b"]);
        Assert.Equal("2", stored.Fields["$x"]);
        Assert.Equal("3", stored.Fields["id"]);
        Assert.Equal("4", stored.Fields["it's"]);
        Assert.Equal(id, Assert.Single(byDotted).Id);
    }

    [PostgresFact]
    public async Task Insert_NulCharacter_ThrowsArgumentAndStoresNothing()
    {
        var notes = Store.GetCollection<Nested>();

        var inText = await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(new Nested { Text = "nul \0 in text" }));
        await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(new Nested { Fields = { ["a\0b"] = "v" } }));

        Assert.Contains("NUL", inText.Message, StringComparison.Ordinal);
        Assert.Equal(0, await notes.CountAsync());
    }

    [PostgresFact]
    public async Task Insert_TooDeepOrTooLarge_ThrowsArgumentAndStoresNothing()
    {
        var root = new Nested();
        var current = root;
        for (var i = 0; i < 100; i++)
        {
            current.Child = new Nested();
            current = current.Child;
        }

        var notes = Store.GetCollection<Nested>();

        await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(root));
        var large = await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(new Nested { Text = new string('x', 70 * 1024) }));

        Assert.Contains("over the limit of 65536", large.Message, StringComparison.Ordinal);
        Assert.Equal(0, await notes.CountAsync());
    }

    [PostgresFact]
    public async Task EnsureIndex_ExplainShowsIndexForTextNumberAndNestedFields_AndDropRemovesIt()
    {
        var samples = Store.GetCollection<Sample>();
        await samples.InsertManyAsync(Enumerable.Range(0, 3000).Select(i => new Sample
        {
            Code = "c" + i,
            N = i,
            Address = new SampleAddress { City = "city" + i },
            At = SampleData.Origin.AddMinutes(i),
        }));
        await Schema.ExecuteAsync("ANALYZE mt_doc_sample");
        var collection = (DocumentCollection<Sample>)samples;

        var before = await collection.ExplainAsync(x => x.Code == "c42");
        var code = await samples.EnsureIndexAsync(x => x.Code);
        var number = await samples.EnsureIndexAsync(x => x.N);
        var city = await samples.EnsureIndexAsync(x => x.Address.City);
        var at = await samples.EnsureIndexAsync(x => x.At);
        await Schema.ExecuteAsync("ANALYZE mt_doc_sample");
        var byCode = await collection.ExplainAsync(x => x.Code == "c42");
        var byPrefix = await collection.ExplainAsync(x => x.Code.StartsWith("c4"));
        var byNumber = await collection.ExplainAsync(x => x.N == 42);
        var byRange = await collection.ExplainAsync(x => x.N > 2990);
        var byCity = await collection.ExplainAsync(x => x.Address.City == "city42");
        var byInstant = await collection.ExplainAsync(x => x.At > SampleData.Origin.AddMinutes(2990));
        var dropped = await samples.DropIndexAsync(code);
        var droppedAgain = await samples.DropIndexAsync(code);
        var afterDrop = await collection.ExplainAsync(x => x.Code == "c42");

        Assert.Contains("Seq Scan", before, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + code, byCode, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + code, byPrefix, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + number, byNumber, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + number, byRange, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + city, byCity, StringComparison.Ordinal);
        Assert.Contains("mt_doc_sample_" + at, byInstant, StringComparison.Ordinal);
        Assert.True(dropped);
        Assert.False(droppedAgain);
        Assert.DoesNotContain("mt_doc_sample_" + code, afterDrop, StringComparison.Ordinal);
        Assert.Equal(42, Assert.Single(await samples.FindAsync(x => x.Code == "c42")).N);
    }

    [PostgresFact]
    public async Task EnsureIndex_Unique_SecondEqualValueThrowsDuplicateKey()
    {
        var samples = Store.GetCollection<Sample>("uniq");
        await samples.EnsureIndexAsync(x => x.Code, unique: true);
        await samples.InsertAsync(new Sample { Code = "same" });

        await Assert.ThrowsAsync<DuplicateKeyException>(() => samples.InsertAsync(new Sample { Code = "same" }));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => samples.InsertManyAsync([new Sample { Code = "other" }, new Sample { Code = "same" }]));
        Assert.Equal(1, await samples.CountAsync());
    }

    [PostgresFact]
    public async Task Verbs_UpdateUpsertDeleteExists_ReportMissesAsFalse()
    {
        var samples = Store.GetCollection<Sample>("verbs");
        var doc = new Sample { Code = "v" };
        var id = (long)await samples.InsertAsync(doc);
        var stale = new Sample { Id = id, Code = "stale", Version = 1 };

        doc.Code = "v2";
        Assert.True(await samples.UpdateAsync(doc));
        Assert.Equal(2, doc.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => samples.UpdateAsync(stale));
        Assert.Equal(1, stale.Version);
        Assert.False(await samples.UpdateAsync(new Sample { Id = 999_999, Code = "none" }));
        Assert.False(await samples.UpsertAsync(new Sample { Id = id, Code = "v3" }));
        Assert.True(await samples.UpsertAsync(new Sample { Id = 500, Code = "new" }));
        Assert.Equal(3, (await samples.FindByIdAsync(id))!.Version);
        Assert.True(await samples.ExistsAsync(x => x.Code == "v3"));
        Assert.Equal(1, await samples.DeleteManyAsync(x => x.Code == "new"));
        Assert.True(await samples.DeleteAsync(id));
        Assert.False(await samples.DeleteAsync(id));
        Assert.False(await samples.Query().AnyAsync());
        Assert.Null(await samples.FindByIdAsync(id));
    }

    [PostgresFact]
    public async Task Insert_AfterExplicitNumericIds_CounterNeverCollides()
    {
        var samples = Store.GetCollection<Sample>("counter");
        await samples.UpsertAsync(new Sample { Id = 7, Code = "explicit" });

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((long)await samples.InsertAsync(new Sample { Code = "auto" }));
        }

        var batch = new List<Sample> { new() { Code = "b1" }, new() { Code = "b2" } };
        await samples.InsertManyAsync(batch);

        Assert.Equal([8L, 9L, 10L], ids);
        Assert.Equal([11L, 12L], batch.Select(b => b.Id));
        Assert.Equal(6, await samples.CountAsync());
    }

    [PostgresFact]
    public async Task Ids_EmptyIdsAreAssignedPerKind()
    {
        var nested = Store.GetCollection<Nested>();
        var text = Store.GetCollection<TextKeyed>();
        var objectIds = Store.GetCollection<ObjectIdKeyed>();

        var guid = (Guid)await nested.InsertAsync(new Nested());
        var textId = (string)await text.InsertAsync(new TextKeyed());
        var objectId = (LiteDB.ObjectId)await objectIds.InsertAsync(new ObjectIdKeyed());

        Assert.NotEqual(Guid.Empty, guid);
        Assert.Equal(24, textId.Length);
        Assert.NotNull(await nested.FindByIdAsync(guid));
        Assert.NotNull(await objectIds.FindByIdAsync(objectId));
        Assert.NotNull(await text.FindByIdAsync(textId));
        Assert.Null(await text.FindByIdAsync(textId.ToUpperInvariant()));
    }

    [PostgresFact]
    public async Task Transaction_AcrossCollectionsAndAwaits_CommitsOrRollsBackTogether()
    {
        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.GetRepository<Storage.Testing.ContractTag, string>().InsertAsync(new Storage.Testing.ContractTag { Code = "kept", Label = "k" });
            await Task.Yield();
            await transaction.GetRepository<Storage.Testing.ContractNote, Guid>().InsertAsync(new Storage.Testing.ContractNote(Guid.Empty, "kept", [1], 0));
            await transaction.CommitAsync();
        }

        await using (var transaction = await Store.BeginTransactionAsync())
        {
            await transaction.GetRepository<Storage.Testing.ContractTag, string>().InsertAsync(new Storage.Testing.ContractTag { Code = "gone", Label = "g" });
            await transaction.GetRepository<Storage.Testing.ContractNote, Guid>().InsertAsync(new Storage.Testing.ContractNote(Guid.Empty, "gone", [2], 0));
        }

        Assert.NotNull(await Store.GetRepository<Storage.Testing.ContractTag, string>().GetAsync("kept"));
        Assert.Null(await Store.GetRepository<Storage.Testing.ContractTag, string>().GetAsync("gone"));
        Assert.Equal(1, await Store.GetRepository<Storage.Testing.ContractNote, Guid>().CountAsync());
    }

    [PostgresFact]
    public async Task Outage_ThrowsStorageUnavailable_ThenRecoversWithoutRestart()
    {
        var server = new NpgsqlConnectionStringBuilder(Schema.ConnectionString);
        await using var proxy = OutageProxy.Start(server.Host!, server.Port);
        server.Host = "127.0.0.1";
        server.Port = proxy.Port;
        server.Timeout = 3;
        await using var store = Stores.Postgres(server.ConnectionString);
        var samples = store.GetCollection<Sample>("outage");
        var id = await samples.InsertAsync(new Sample { Code = "before" });

        proxy.Cut();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => samples.FindByIdAsync(id));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => samples.InsertAsync(new Sample { Code = "during" }));
        proxy.Restore();
        var after = await samples.FindByIdAsync(id);
        await samples.InsertAsync(new Sample { Code = "after" });

        Assert.Equal("before", after!.Code);
        Assert.Equal(2, await samples.CountAsync());
    }

    [PostgresFact]
    public async Task Outage_ThroughThePipeline_Is503_ThenServesAgain()
    {
        var server = new NpgsqlConnectionStringBuilder(Schema.ConnectionString);
        await using var proxy = OutageProxy.Start(server.Host!, server.Port);
        server.Host = "127.0.0.1";
        server.Port = proxy.Port;
        server.Timeout = 3;
        await using var host = await BackEndTestHost.StartAsync(backEnd => backEnd
            .AddDocumentStorage(o => o.UsePostgres(server.ConnectionString))
            .Configure(app => app.MapGet("/count", async (IDocumentStore documents, CancellationToken ct) =>
                await documents.GetCollection<Sample>("pipeline").CountAsync(cancellationToken: ct))));
        var client = host.CreateClient();

        var before = await client.GetAsync("/count");
        proxy.Cut();
        var during = await client.GetAsync("/count");
        proxy.Restore();
        var after = await client.GetAsync("/count");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
