using System.Net;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Samples.Conduit.Tests;

/// <summary>GET /api/tags answers from memory: this node's article writes show at once, another node's within a second.</summary>
public sealed class TagsCacheTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ConduitHost _conduit;

    public TagsCacheTests() => _conduit = new ConduitHost { Clock = _clock };

    public Task InitializeAsync() => _conduit.InitializeAsync();

    public Task DisposeAsync() => _conduit.DisposeAsync();

    [Fact]
    public async Task Tags_OtherNodesWriteShowsAfterASecond_OwnWritesAtOnce()
    {
        var (_, token) = await _conduit.RegisterAsync();
        await _conduit.CreateArticleAsync(token, "First", "alpha");
        Assert.Equal(["alpha"], await TagsAsync());

        // Another node's write goes to the database behind this node's back.
        var db = _conduit.Services.GetRequiredService<ISqlDatabase>();
        await db.ExecuteAsync("INSERT INTO article_tags (article_id, tag) SELECT id, 'beta' FROM articles");
        Assert.Equal(["alpha"], await TagsAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(["alpha"], await TagsAsync());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["alpha", "beta"], await TagsAsync());

        var slug = await _conduit.CreateArticleAsync(token, "Second", "gamma");
        Assert.Equal(["alpha", "beta", "gamma"], await TagsAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", token)).Status);
        Assert.Equal(["alpha", "beta"], await TagsAsync());
    }

    private async Task<string[]> TagsAsync()
    {
        var reply = await _conduit.GetAsync("/api/tags");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Json!["tags"]!.AsArray().Select(t => t!.GetValue<string>())];
    }
}
