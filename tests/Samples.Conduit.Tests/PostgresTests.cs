using System.Net;

namespace Samples.Conduit.Tests;

/// <summary>The same application on PostgreSQL (ConnectionStrings:Conduit): its own migration, the same answers.</summary>
public sealed class PostgresTests : IAsyncLifetime
{
    private readonly ConduitHost _conduit = new() { UsePostgres = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)) };

    public Task InitializeAsync() => _conduit.UsePostgres ? _conduit.InitializeAsync() : Task.CompletedTask;

    public Task DisposeAsync() => _conduit.UsePostgres ? _conduit.DisposeAsync() : Task.CompletedTask;

    [PostgresFact]
    public async Task Postgres_WholeFlow_SameAnswersAsSqlite()
    {
        var (alice, aliceToken) = await _conduit.RegisterAsync();
        var (_, bobToken) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(aliceToken, "Ölçü on PostgreSQL", "training", "dragons");
        var second = await _conduit.CreateArticleAsync(aliceToken, "Ölçü on PostgreSQL");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/profiles/{alice}/follow", bobToken);
        var favorite = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", bobToken);
        var comment = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", bobToken, """{"comment":{"body":"nice"}}""");
        var forbidden = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", bobToken);

        var feed = await _conduit.GetAsync("/api/articles/feed?limit=1", bobToken);
        var byTag = await _conduit.GetAsync("/api/articles?tag=dragons&favorited=" + (await _conduit.GetAsync("/api/user", bobToken)).Json!["user"]!["username"]);
        var pastEnd = await _conduit.GetAsync("/api/articles?offset=10");
        var comments = await _conduit.GetAsync($"/api/articles/{slug}/comments", aliceToken);
        var deleted = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", aliceToken);

        Assert.Equal("ölçü-on-postgresql-2", second);
        Assert.Equal(1, favorite.Json!["article"]!["favoritesCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, comment.Status);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal(2, feed.Json!["articlesCount"]!.GetValue<int>());
        Assert.Equal(second, Assert.Single(feed.Json["articles"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.True(feed.Json["articles"]![0]!["author"]!["following"]!.GetValue<bool>());
        Assert.Equal(["dragons", "training"], Assert.Single(byTag.Json!["articles"]!.AsArray())!["tagList"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, pastEnd.Json!["articlesCount"]!.GetValue<int>());
        Assert.Empty(pastEnd.Json["articles"]!.AsArray());
        Assert.Single(comments.Json!["comments"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
    }
}
