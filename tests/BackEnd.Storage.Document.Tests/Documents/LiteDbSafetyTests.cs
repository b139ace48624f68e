using BackEnd.Storage.Document.Internal;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.Documents;

public sealed class LiteDbSafetyTests : IAsyncLifetime, IDisposable
{
    private readonly TempFile _file = new();
    private DocumentStore _store = null!;

    public Task InitializeAsync()
    {
        _store = DocumentStore.Create(new DocumentStorageOptions { MaxDocumentBytes = 64 * 1024 }.UseLiteDb("Filename=" + _file.Path));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _file.Dispose();

    [Theory]
    [InlineData("{\"$where\": \"1 == 1\"}")]
    [InlineData("'; DROP TABLE x; -- \" \\ \n \t \u001f")]
    [InlineData("$.d.code = 'x' OR 1 = 1")]
    [InlineData("</script><script>alert(1)</script>")]
    public async Task Insert_JsonAndQueryMetacharacters_StoredAndMatchedAsData(string hostile)
    {
        var notes = _store.GetCollection<Nested>();
        var id = (Guid)await notes.InsertAsync(new Nested { Text = hostile, Fields = { [hostile] = hostile } });
        await notes.InsertAsync(new Nested { Text = "other" });

        var found = await notes.FindAsync(x => x.Text == hostile);
        var containing = await notes.FindAsync(x => x.Text.Contains(hostile));

        Assert.Equal(id, Assert.Single(found).Id);
        Assert.Equal(id, Assert.Single(containing).Id);
        Assert.Equal(hostile, Assert.Single(found).Fields[hostile]);
    }

    [Fact]
    public async Task Insert_FieldNamesWithDotsAndDollar_RoundTripAndQueryIsRefusedClearly()
    {
        var notes = _store.GetCollection<Nested>();
        var id = await notes.InsertAsync(new Nested { Dotted = "d", Fields = { ["a.b"] = "1", ["$x"] = "2", ["_id"] = "3" } });

        var stored = await notes.FindByIdAsync(id);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => notes.FindAsync(x => x.Dotted == "d"));

        Assert.Equal("1", stored!.Fields["a.b"]);
        Assert.Equal("2", stored.Fields["$x"]);
        Assert.Equal("3", stored.Fields["_id"]);
        Assert.Contains("dotted.name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_NulInFieldName_ThrowsArgumentAndStoresNothing()
    {
        var notes = _store.GetCollection<Nested>();

        await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(new Nested { Fields = { ["a\0b"] = "v" } }));
        Assert.Equal(0, await notes.CountAsync());
        Assert.Equal("nul \0 in text", (await notes.FindByIdAsync(await notes.InsertAsync(new Nested { Text = "nul \0 in text" })))!.Text);
    }

    [Fact]
    public async Task Insert_NestedDeeperThanLimit_ThrowsArgumentAndStoresNothing()
    {
        var root = new Nested();
        var current = root;
        for (var i = 0; i < 100; i++)
        {
            current.Child = new Nested();
            current = current.Child;
        }

        var notes = _store.GetCollection<Nested>();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(root));

        Assert.Contains("Nested", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await notes.CountAsync());
    }

    [Fact]
    public async Task Insert_LargerThanLimit_ThrowsArgumentAndStoresNothing()
    {
        var notes = _store.GetCollection<Nested>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertAsync(new Nested { Text = new string('x', 70 * 1024) }));

        Assert.Contains("over the limit of 65536", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await notes.CountAsync());
    }

    [Fact]
    public async Task Insert_LoneSurrogate_IsRefusedOrStoredAsWellFormedText()
    {
        var notes = _store.GetCollection<Nested>();

        var insert = async () => await notes.InsertAsync(new Nested { Text = "bad \ud800 text" });
        var error = await Record.ExceptionAsync(insert);

        // System.Text.Json either refuses the text or writes U+FFFD; either way no ill-formed UTF-16 reaches the file.
        if (error is null)
        {
            Assert.Equal("bad \ufffd text", (await notes.FindOneAsync(x => x.Text.StartsWith("bad")))!.Text);
        }
        else
        {
            Assert.IsType<ArgumentException>(error);
        }
    }

    [Fact]
    public async Task EnsureIndex_QueryPlanUsesIt_AndDropIndexRemovesIt()
    {
        var samples = _store.GetCollection<Sample>();
        await samples.InsertManyAsync(SampleData.Documents(7, 50));
        var collection = (DocumentCollection<Sample>)samples;

        var before = await collection.ExplainAsync(x => x.Code == "ab");
        var name = await samples.EnsureIndexAsync(x => x.Code);
        var after = await collection.ExplainAsync(x => x.Code == "ab");
        var dropped = await samples.DropIndexAsync(name);
        var afterDrop = await collection.ExplainAsync(x => x.Code == "ab");

        Assert.DoesNotContain(name, before, StringComparison.Ordinal);
        Assert.Contains("INDEX SEEK(" + name, after, StringComparison.Ordinal);
        Assert.True(dropped);
        Assert.DoesNotContain(name, afterDrop, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureIndex_Unique_SecondEqualValueThrowsDuplicateKey()
    {
        var samples = _store.GetCollection<Sample>("uniq");
        await samples.EnsureIndexAsync(x => x.Code, unique: true);
        await samples.InsertAsync(new Sample { Code = "same" });

        await Assert.ThrowsAsync<DuplicateKeyException>(() => samples.InsertAsync(new Sample { Code = "same" }));
        Assert.Equal(1, await samples.CountAsync());
    }

    [Fact]
    public async Task Verbs_UpdateUpsertDeleteExists_ReportMissesAsFalse()
    {
        var samples = _store.GetCollection<Sample>("verbs");
        var doc = new Sample { Code = "v" };
        var id = (long)await samples.InsertAsync(doc);
        var stale = new Sample { Id = id, Code = "stale", Version = 1 };

        doc.Code = "v2";
        Assert.True(await samples.UpdateAsync(doc));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => samples.UpdateAsync(stale));
        Assert.False(await samples.UpdateAsync(new Sample { Id = 999_999, Code = "none" }));
        Assert.False(await samples.UpsertAsync(new Sample { Id = id, Code = "v3" }));
        Assert.True(await samples.UpsertAsync(new Sample { Id = 500, Code = "new" }));
        Assert.Equal(3, (await samples.FindByIdAsync(id))!.Version);
        Assert.True(await samples.ExistsAsync(x => x.Code == "v3"));
        Assert.Equal(1, await samples.DeleteManyAsync(x => x.Code == "new"));
        Assert.True(await samples.DeleteAsync(id));
        Assert.False(await samples.DeleteAsync(id));
        Assert.False(await samples.Query().AnyAsync());
    }

    [Fact]
    public async Task Ids_EmptyIdsAreAssignedPerKind()
    {
        var nested = _store.GetCollection<Nested>();
        var text = _store.GetCollection<TextKeyed>();
        var objectIds = _store.GetCollection<ObjectIdKeyed>();

        var guid = (Guid)await nested.InsertAsync(new Nested());
        var textId = (string)await text.InsertAsync(new TextKeyed());
        var objectId = (LiteDB.ObjectId)await objectIds.InsertAsync(new ObjectIdKeyed());

        Assert.NotEqual(Guid.Empty, guid);
        Assert.Equal(24, textId.Length);
        Assert.NotEqual(LiteDB.ObjectId.Empty, objectId);
        Assert.NotNull(await objectIds.FindByIdAsync(objectId));
        Assert.NotNull(await text.FindByIdAsync(textId));
    }
}
