using System.Text.Json.Nodes;
using BackEnd.Storage.Sql.Tests.MySql;
using BackEnd.Storage.Sql.Tests.Postgres;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>Upsert and JSON columns, run on each relational database.</summary>
public abstract class SqlUpsertJsonTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : SqlFeatureFixture
{
    // Quotes, a statement terminator, a comment, a backslash, backticks, non-BMP and combining characters, right-to-left text.
    private const string Hostile = "o'brien\"; DROP TABLE profiles; -- \\ `x` 😀 e\u0301 日本語 שלום";

    private IRepository<Profile, string> Profiles => fixture.Database.GetRepository<Profile, string>();

    private static string NewKey() => "p-" + Guid.NewGuid().ToString("N");

    private static string NewHandle() => "h" + Guid.NewGuid().ToString("N")[..20];

    [StoreFact]
    public async Task Upsert_NewKey_InsertsAtVersionOne()
    {
        var id = NewKey();

        var stored = await Profiles.UpsertAsync(new Profile { Id = id, Handle = NewHandle() });

        Assert.Equal(1, stored.Version);
        Assert.Equal(1, (await Profiles.GetAsync(id))!.Version);
    }

    [StoreFact]
    public async Task Upsert_ExistingKey_ReplacesTheRowAndIncrementsItsVersion()
    {
        var id = NewKey();
        await Profiles.InsertAsync(new Profile { Id = id, Handle = NewHandle() });
        var handle = NewHandle();

        var second = await Profiles.UpsertAsync(new Profile { Id = id, Handle = handle, Version = 77 });
        var third = await Profiles.UpsertAsync(new Profile { Id = id, Handle = handle });

        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        var read = await Profiles.GetAsync(id);
        Assert.Equal(handle, read!.Handle);
        Assert.Equal(3, read.Version);
        Assert.Equal(1, await Profiles.CountAsync(new StorageQuery().Where(nameof(Profile.Id), id)));
    }

    [StoreFact]
    public async Task Upsert_ValueTakenByAnotherRowsUniqueColumn_IsDuplicateKeyAndChangesNeitherRow()
    {
        var handle = NewHandle();
        var owner = await Profiles.InsertAsync(new Profile { Id = NewKey(), Handle = handle });
        var other = await Profiles.InsertAsync(new Profile { Id = NewKey(), Handle = NewHandle() });
        var newcomer = NewKey();

        await Assert.ThrowsAsync<DuplicateKeyException>(async () => await Profiles.UpsertAsync(new Profile { Id = other.Id, Handle = handle }));
        await Assert.ThrowsAsync<DuplicateKeyException>(async () => await Profiles.UpsertAsync(new Profile { Id = newcomer, Handle = handle }));

        Assert.Equal(owner.Handle, (await Profiles.GetAsync(owner.Id))!.Handle);
        Assert.Equal(1, (await Profiles.GetAsync(owner.Id))!.Version);
        Assert.Equal(other.Handle, (await Profiles.GetAsync(other.Id))!.Handle);
        Assert.Null(await Profiles.GetAsync(newcomer));
    }

    [StoreFact]
    public async Task Upsert_MetacharactersAndUnicodeInKeyAndValues_RoundTripExactly()
    {
        var id = Hostile + Guid.NewGuid().ToString("N")[..8];
        var handle = "😀'\";--" + Guid.NewGuid().ToString("N")[..8];
        var settings = new JsonObject { ["note"] = Hostile, ["quote"] = "\"'`" }.ToJsonString();

        await Profiles.UpsertAsync(new Profile { Id = id, Handle = "first" + Guid.NewGuid().ToString("N")[..8] });
        await Profiles.UpsertAsync(new Profile { Id = id, Handle = handle, Settings = settings });

        var read = await Profiles.GetAsync(id);
        Assert.Equal(id, read!.Id);
        Assert.Equal(handle, read.Handle);
        Assert.Equal(Hostile, JsonNode.Parse(read.Settings!)!["note"]!.GetValue<string>());
        Assert.True(await fixture.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM profiles") > 0);
    }

    [StoreFact]
    public async Task Upsert_HandleLongerThanItsColumn_IsAConstraintViolationNotATruncation()
    {
        var id = NewKey();
        var handle = new string('x', 41);

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await Profiles.UpsertAsync(new Profile { Id = id, Handle = handle }));

        Assert.Equal(StorageErrorKind.ConstraintViolation, error.Kind);
        Assert.DoesNotContain(handle, error.Message, StringComparison.Ordinal);
        Assert.Null(await Profiles.GetAsync(id));
    }

    [StoreFact]
    public async Task Upsert_InATransactionRolledBack_LeavesNothing()
    {
        var id = NewKey();
        await using (var transaction = await fixture.Database.BeginTransactionAsync())
        {
            var stored = await transaction.GetRepository<Profile, string>().UpsertAsync(new Profile { Id = id, Handle = NewHandle() });
            Assert.Equal(1, stored.Version);
        }

        Assert.Null(await Profiles.GetAsync(id));
    }

    [StoreFact]
    public async Task Upsert_RepositoryOfAnotherStore_IsNotSupported()
    {
        var inMemory = new BackEnd.Storage.InMemory.InMemoryEntityStore().GetRepository<Profile, string>();

        await Assert.ThrowsAsync<NotSupportedException>(async () => await inMemory.UpsertAsync(new Profile { Id = NewKey(), Handle = "h" }));
    }

    [StoreFact]
    public async Task Json_Member_RoundTripsAsTheSameJson()
    {
        var settings = new JsonObject { ["theme"] = "dark", ["tags"] = new JsonArray("a", "ü", "😀"), ["size"] = 12, ["nested"] = new JsonObject { ["on"] = true, ["none"] = null } };
        var stored = await Profiles.InsertAsync(new Profile { Id = NewKey(), Handle = NewHandle(), Settings = settings.ToJsonString() });

        var read = await Profiles.GetAsync(stored.Id);

        // jsonb normalizes spacing and key order; the value is what must survive.
        Assert.True(JsonNode.DeepEquals(settings, JsonNode.Parse(read!.Settings!)), read.Settings);
    }

    [StoreFact]
    public async Task Json_NullMember_StaysNull()
    {
        var stored = await Profiles.InsertAsync(new Profile { Id = NewKey(), Handle = NewHandle(), Settings = null });

        Assert.Null((await Profiles.GetAsync(stored.Id))!.Settings);
    }

    [StoreFact]
    public async Task Json_TextThatIsNotJson_IsRefusedBeforeTheDatabase()
    {
        var id = NewKey();

        var insert = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await Profiles.InsertAsync(new Profile { Id = id, Handle = NewHandle(), Settings = "{\"open\": " }));
        var upsert = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await Profiles.UpsertAsync(new Profile { Id = id, Handle = NewHandle(), Settings = "not json" }));

        Assert.Contains("Settings", insert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not json", upsert.Message, StringComparison.Ordinal);
        Assert.Null(await Profiles.GetAsync(id));
    }

    [StoreFact]
    public async Task Json_FilterOnAJsonMember_IsAnInvalidQuery()
    {
        var query = new StorageQuery().Where(nameof(Profile.Settings), "{}");

        var error = await Assert.ThrowsAsync<InvalidQueryException>(async () => await Profiles.QueryAsync(query));

        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Json_SqlApi_BindsSqlJsonAndMapsTheColumnToARecord()
    {
        var id = NewKey();
        var settings = new ProfileSettings("light", ["x", Hostile], 3);
        await fixture.Database.ExecuteAsync(
            "INSERT INTO profiles (id, handle, settings, version) VALUES (@id, @handle, @settings, 1)",
            new { id, handle = NewHandle(), settings = SqlJson.Serialize(settings) });

        var row = await fixture.Database.QuerySingleAsync<ProfileRow>("SELECT id, settings FROM profiles WHERE id = @id", new { id });

        Assert.Equal(id, row.Id);
        Assert.Equal("light", row.Settings!.Theme);
        Assert.Equal(["x", Hostile], row.Settings.Tags);
        Assert.Equal(3, row.Settings.Size);
    }

    [StoreFact]
    public void Json_SqlJsonFromText_RefusesText()
    {
        Assert.Throws<ArgumentException>(() => SqlJson.FromText("{'single': 'quotes'}"));
        Assert.Equal("[1,2]", SqlJson.FromText("[1,2]").Text);
    }
}

public sealed class SqliteUpsertJsonTests(SqliteFeatureFixture fixture) : SqlUpsertJsonTests<SqliteFeatureFixture>(fixture);

[RequiresEnvironmentVariable(PostgresFactAttribute.Variable)]
public sealed class PostgresUpsertJsonTests(PostgresFeatureFixture fixture) : SqlUpsertJsonTests<PostgresFeatureFixture>(fixture);

[RequiresEnvironmentVariable(MySqlFactAttribute.Variable)]
public sealed class MySqlUpsertJsonTests(MySqlFeatureFixture fixture) : SqlUpsertJsonTests<MySqlFeatureFixture>(fixture);
