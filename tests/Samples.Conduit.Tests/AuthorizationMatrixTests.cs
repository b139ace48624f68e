using System.Net;

namespace Samples.Conduit.Tests;

/// <summary>Owner, another signed-in user and an anonymous caller against every operation that changes someone's content.</summary>
public sealed class AuthorizationMatrixTests(ConduitHost conduit) : IClassFixture<ConduitHost>
{
    private readonly ConduitHost _conduit = conduit;

    public enum Actor
    {
        Owner,
        Other,
        Anonymous,
    }

    [Theory]
    [InlineData(Actor.Owner, HttpStatusCode.OK)]
    [InlineData(Actor.Other, HttpStatusCode.Forbidden)]
    [InlineData(Actor.Anonymous, HttpStatusCode.Unauthorized)]
    public async Task UpdateArticle_ByActor_OnlyTheAuthorChangesIt(Actor actor, HttpStatusCode expected)
    {
        var (owner, other) = await TwoUsersAsync();
        var slug = await _conduit.CreateArticleAsync(owner, "Original title");

        var reply = await _conduit.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", TokenOf(actor, owner, other), """{"article":{"body":"changed"}}""");
        var after = await _conduit.GetAsync($"/api/articles/{slug}");

        Assert.Equal(expected, reply.Status);
        Assert.Equal(actor == Actor.Owner ? "changed" : "the text", after.Json!["article"]!["body"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Actor.Owner, HttpStatusCode.NoContent)]
    [InlineData(Actor.Other, HttpStatusCode.Forbidden)]
    [InlineData(Actor.Anonymous, HttpStatusCode.Unauthorized)]
    public async Task DeleteArticle_ByActor_OnlyTheAuthorDeletesIt(Actor actor, HttpStatusCode expected)
    {
        var (owner, other) = await TwoUsersAsync();
        var slug = await _conduit.CreateArticleAsync(owner);

        var reply = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", TokenOf(actor, owner, other));
        var after = await _conduit.GetAsync($"/api/articles/{slug}");

        Assert.Equal(expected, reply.Status);
        Assert.Equal(actor == Actor.Owner ? HttpStatusCode.NotFound : HttpStatusCode.OK, after.Status);
    }

    [Theory]
    [InlineData(Actor.Owner, HttpStatusCode.NoContent)]
    [InlineData(Actor.Other, HttpStatusCode.Forbidden)]
    [InlineData(Actor.Anonymous, HttpStatusCode.Unauthorized)]
    public async Task DeleteComment_ByActor_OnlyTheCommentAuthorDeletesIt(Actor actor, HttpStatusCode expected)
    {
        var (owner, other) = await TwoUsersAsync();

        // The article is the other user's: owning the article must not grant deleting someone's comment on it.
        var slug = await _conduit.CreateArticleAsync(other);
        var comment = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", owner, """{"comment":{"body":"first"}}""");
        var id = comment.Json!["comment"]!["id"]!.GetValue<long>();

        var reply = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/comments/{id}", TokenOf(actor, owner, other));
        var after = await _conduit.GetAsync($"/api/articles/{slug}/comments");

        Assert.Equal(expected, reply.Status);
        Assert.Equal(actor == Actor.Owner ? 0 : 1, after.Json!["comments"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(Actor.Owner, HttpStatusCode.OK)]
    [InlineData(Actor.Other, HttpStatusCode.OK)]
    [InlineData(Actor.Anonymous, HttpStatusCode.Unauthorized)]
    public async Task UpdateUser_ByActor_ChangesOnlyTheCallersOwnProfile(Actor actor, HttpStatusCode expected)
    {
        var (owner, other) = await TwoUsersAsync();
        var ownerName = (await _conduit.GetAsync("/api/user", owner)).Json!["user"]!["username"]!.GetValue<string>();

        var reply = await _conduit.SendAsync(HttpMethod.Put, "/api/user", TokenOf(actor, owner, other), """{"user":{"bio":"new bio"}}""");
        var ownerAfter = await _conduit.GetAsync($"/api/profiles/{ownerName}");

        Assert.Equal(expected, reply.Status);
        Assert.Equal(actor == Actor.Owner ? "new bio" : null, ownerAfter.Json!["profile"]!["bio"]?.GetValue<string>());
        if (actor == Actor.Other)
        {
            Assert.NotEqual(ownerName, reply.Json!["user"]!["username"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ProtectedRoute_InvalidToken_401WithTokenChallenge()
    {
        var reply = await _conduit.SendAsync(HttpMethod.Post, "/api/articles", "not-a-token", """{"article":{"title":"t","description":"d","body":"b"}}""");
        var read = await _conduit.GetAsync("/api/articles", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(HttpStatusCode.OK, read.Status);
    }

    [Fact]
    public async Task ChangedPassword_OldTokenStopsWorking_NewTokenWorks()
    {
        var (_, token) = await _conduit.RegisterAsync();

        var reply = await _conduit.SendAsync(HttpMethod.Put, "/api/user", token, """{"user":{"password":"another long secret"}}""");
        var fresh = reply.Json!["user"]!["token"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _conduit.GetAsync("/api/user", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _conduit.GetAsync("/api/user", fresh)).Status);
    }

    private static string? TokenOf(Actor actor, string owner, string other) => actor switch
    {
        Actor.Owner => owner,
        Actor.Other => other,
        _ => null,
    };

    private async Task<(string Owner, string Other)> TwoUsersAsync() =>
        ((await _conduit.RegisterAsync()).Token, (await _conduit.RegisterAsync()).Token);
}
