using System.Net;
using System.Text.Json.Nodes;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Conduit.Tests;

/// <summary>The list concatenates JSON stored with each article and user and a favourites counter (migration 0004): every
/// write that changes what a list shows must rewrite them, and the migration's own rendering of old rows must read the same.</summary>
public sealed class RenderedTests : IAsyncLifetime
{
    private readonly ConduitHost _conduit = new();

    public Task InitializeAsync() => _conduit.InitializeAsync();

    public Task DisposeAsync() => _conduit.DisposeAsync();

    [Fact]
    public async Task List_AfterArticleAndProfileUpdates_ShowsTheNewValues()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "Before", "zeta", "alpha");
        var before = (await _conduit.GetAsync("/api/articles")).Json!["articles"]![0]!;
        await Task.Delay(5); // a later updatedAt, at the API's millisecond resolution

        var article = await _conduit.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", token,
            """{"article":{"title":"After \"quoted\"","description":"new \\ text"}}""");
        var user = await _conduit.SendAsync(HttpMethod.Put, "/api/user", token,
            """{"user":{"username":"renamed <b>","bio":"tab\there","image":"https://example.com/x.png"}}""");
        var listed = (await _conduit.GetAsync("/api/articles")).Json!["articles"]!.AsArray().Single()!;

        Assert.Equal(HttpStatusCode.OK, article.Status);
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal("After \"quoted\"", listed["title"]!.GetValue<string>());
        Assert.Equal("new \\ text", listed["description"]!.GetValue<string>());
        Assert.Equal(["alpha", "zeta"], listed["tagList"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(before["createdAt"]!.GetValue<string>(), listed["createdAt"]!.GetValue<string>());
        Assert.NotEqual(before["updatedAt"]!.GetValue<string>(), listed["updatedAt"]!.GetValue<string>());
        Assert.Equal("renamed <b>", listed["author"]!["username"]!.GetValue<string>());
        Assert.Equal("tab\there", listed["author"]!["bio"]!.GetValue<string>());
        var single = (await _conduit.GetAsync($"/api/articles/{slug}")).Json!["article"]!.AsObject();
        Assert.True(single.Remove("body"));
        Assert.True(JsonNode.DeepEquals(single, listed), $"list: {listed.ToJsonString()}\narticle: {single.ToJsonString()}");
    }

    [Fact]
    public async Task FavoritesCount_FavoriteTwiceUnfavoriteTwiceAndDeletedAccount_CountsEachFavouriteOnce()
    {
        var (_, author) = await _conduit.RegisterAsync();
        var (_, first) = await _conduit.RegisterAsync();
        var (second, secondToken) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(author, "Liked");

        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", first);
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", first);
        var twice = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", secondToken);
        Assert.Equal(2, twice.Json!["article"]!["favoritesCount"]!.GetValue<int>());
        Assert.Equal(2, await ListedCountAsync());

        await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/favorite", first);
        var again = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/favorite", first);
        Assert.Equal(1, again.Json!["article"]!["favoritesCount"]!.GetValue<int>());
        Assert.Equal(1, await ListedCountAsync());

        // An account removed behind the API takes its favourites with it (ON DELETE CASCADE): the counter follows.
        var db = _conduit.Services.GetRequiredService<ISqlDatabase>();
        await db.ExecuteAsync("DELETE FROM backend_auth_users WHERE id = (SELECT id FROM users WHERE username = @second)", new { second });
        Assert.Equal(0, await ListedCountAsync());
    }

    // Rows written before migration 0004 get their JSON from the migration's UPDATE statements (SQL's json_quote, not the
    // app's serialiser): rendered again by those statements, every article of the list must read back the same values.
    [Fact]
    public async Task Migration0004_RendersOldRowsAsTheAppDoes()
    {
        var (reader, token) = await _conduit.RegisterAsync();
        await _conduit.SendAsync(HttpMethod.Put, "/api/user", token, """{"user":{"bio":"says \"hi\" \\ \u0001\n ünï"}}""");
        var quoted = await _conduit.CreateArticleAsync(token, "Quotes \\\"q\\\" 日本", "say \\\"hi\\\"", "back\\\\slash", "</script>");
        await _conduit.CreateArticleAsync(token, "Untagged");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{quoted}/favorite", token);
        var rendered = (await _conduit.GetAsync("/api/articles", token)).Json!;

        var script = typeof(global::Conduit.ConduitApp).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("0004_conduit_rendered.sqlite.sql", StringComparison.Ordinal));
        string sql;
        using (var stream = typeof(global::Conduit.ConduitApp).Assembly.GetManifestResourceStream(script)!)
        using (var text = new StreamReader(stream))
        {
            sql = await text.ReadToEndAsync();
        }

        var backfill = sql[sql.IndexOf("UPDATE articles", StringComparison.Ordinal)..sql.IndexOf("CREATE TRIGGER", StringComparison.Ordinal)];
        var db = _conduit.Services.GetRequiredService<ISqlDatabase>();
        await db.ExecuteAsync("UPDATE articles SET head_json = '', favorites_count = 0; UPDATE users SET profile_json = ''");
        await db.ExecuteAsync(backfill);
        var migrated = (await _conduit.GetAsync("/api/articles", token)).Json!;

        Assert.Equal(2, migrated["articles"]!.AsArray().Count);
        Assert.Equal(1, migrated["articles"]![1]!["favoritesCount"]!.GetValue<int>());
        Assert.Equal(reader, migrated["articles"]![1]!["author"]!["username"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(rendered, migrated), $"app: {rendered.ToJsonString()}\nmigration: {migrated.ToJsonString()}");
    }

    private async Task<int> ListedCountAsync() =>
        (await _conduit.GetAsync("/api/articles")).Json!["articles"]![0]!["favoritesCount"]!.GetValue<int>();
}
