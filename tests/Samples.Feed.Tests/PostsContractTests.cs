using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Samples.Feed.Tests;

/// <summary>The HTTP contract of <c>/api/posts</c> as a black box, on the in-memory test host.</summary>
public sealed class PostsContractTests
{
    [Fact]
    public async Task Post_ValidText_Returns201WithLocationAndThePost()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("Alice");

        using var response = await alice.PostAsJsonAsync("/api/posts", new { text = "  hello, world \n" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetInt64();
        Assert.Equal("Alice", body.RootElement.GetProperty("author").GetString());
        Assert.Equal("hello, world", body.RootElement.GetProperty("text").GetString());
        Assert.True(body.RootElement.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.Equal($"/api/posts/{id}", response.Headers.Location!.OriginalString);
        using var read = JsonDocument.Parse(await alice.GetStringAsync($"/api/posts/{id}"));
        Assert.Equal("hello, world", read.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Post_Anonymous_Returns401()
    {
        await using var feed = await FeedHost.StartAsync();
        using var anonymous = feed.Host.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/posts", new { text = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var list = JsonDocument.Parse(await anonymous.GetStringAsync("/api/posts"));
        Assert.Equal(0, list.RootElement.GetProperty("items").GetArrayLength());
    }

    public static TheoryData<string> BadTexts => new()
    {
        "{\"text\":\"\"}",
        "{\"text\":\"   \"}",
        "{\"text\":\" \\n\\t\\r\\n \"}",
        "{\"text\":\"" + new string('a', 281) + "\"}",
        "{\"text\":null}",
        "{\"text\":\"bell \\u0007\"}",
        "{\"text\":\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 281)) + "\"}",
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Post_InvalidText_Returns400NamingTextAndStoresNothing(string json)
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");

        using var response = await alice.PostAsync("/api/posts", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(0, await CountAsync(alice));
    }

    public static TheoryData<string> WrongShapes => new()
    {
        "{\"text\":5}",
        "{\"text\":[\"a\"]}",
        "{\"text\":{\"a\":1}}",
        "{\"text\":true}",
        "[]",
        "\"hello\"",
        "{\"text\":",
        "{\"text\":\"a\"} trailing",
        "not json",
        "{}",
        "{\"text\":\"lone \\ud800 surrogate\"}",
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Post_WrongJsonTypesOrMalformed_Returns400(string json)
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");

        using var response = await alice.PostAsync("/api/posts", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountAsync(alice));
    }

    [Fact]
    public async Task Post_NotJson_Returns415()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");

        using var response = await alice.PostAsync("/api/posts", new StringContent("text=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_CookieWithoutCsrfToken_Returns403AndStoresNothing()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice", csrf: false);

        using var response = await alice.PostAsJsonAsync("/api/posts", new { text = "forged" });
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/api/posts") { Content = JsonContent.Create(new { text = "forged" }) };
        wrongToken.Headers.Add("X-CSRF-Token", "not-the-token");
        using var wrong = await alice.SendAsync(wrongToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(0, await CountAsync(alice));
    }

    [Fact]
    public async Task Post_BearerToken_NeedsNoCsrfToken()
    {
        await using var feed = await FeedHost.StartAsync();
        using var client = feed.Host.CreateClient();
        using var registered = await client.PostAsJsonAsync("/auth/register", new { userName = "bot", password = FeedHost.Password });
        using var login = await client.PostAsJsonAsync("/auth/login", new { userName = "bot", password = FeedHost.Password, token = true });
        using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        using var bearer = feed.Host.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("token").GetString());

        using var response = await bearer.PostAsJsonAsync("/api/posts", new { text = "from a script" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Delete_OwnPost_Returns204AndThePostIsGone()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        var id = await PostAsync(alice, "mine");

        using var response = await alice.DeleteAsync($"/api/posts/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/posts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/api/posts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_OthersPost_Returns403AndKeepsIt()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        using var bob = await feed.SignInAsync("bob");
        var id = await PostAsync(alice, "alice's");

        using var response = await bob.DeleteAsync($"/api/posts/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/posts/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/posts/999999")]
    [InlineData("/api/posts/0")]
    [InlineData("/api/posts/-1")]
    [InlineData("/api/posts/abc")]
    [InlineData("/api/posts/99999999999999999999999")]
    public async Task Delete_UnknownId_Returns404(string path)
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");

        using var response = await alice.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delete_Anonymous_Returns401()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        var id = await PostAsync(alice, "x");
        using var anonymous = feed.Host.CreateClient();

        using var response = await anonymous.DeleteAsync($"/api/posts/{id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Delete_ByModerator_DeletesAnyPost()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        using var moderator = await feed.SignInAsync(FeedHost.Moderator, FeedHost.ModeratorPassword, register: false);
        var id = await PostAsync(alice, "spam");

        using var response = await moderator.DeleteAsync($"/api/posts/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/posts/{id}")).StatusCode);
        using var me = JsonDocument.Parse(await moderator.GetStringAsync("/auth/me"));
        Assert.Contains("moderator", me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task List_PagesNewestFirstWithACursorUntilNextIsNull()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PostAsync(alice, "post " + i));
        }

        var seen = new List<long>();
        string? next = null;
        var pages = 0;
        do
        {
            using var page = JsonDocument.Parse(await alice.GetStringAsync("/api/posts?limit=2" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next))));
            var items = page.RootElement.GetProperty("items");
            Assert.True(items.GetArrayLength() <= 2);
            seen.AddRange(items.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            next = page.RootElement.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null && pages < 10);

        Assert.Null(next);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Theory]
    [InlineData("/api/posts?limit=0")]
    [InlineData("/api/posts?limit=101")]
    [InlineData("/api/posts?limit=abc")]
    [InlineData("/api/posts?cursor=forged-cursor")]
    public async Task List_BadLimitOrCursor_Returns400(string path)
    {
        await using var feed = await FeedHost.StartAsync();
        using var anonymous = feed.Host.CreateClient();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Page_IsServedAtTheRoot()
    {
        await using var feed = await FeedHost.StartAsync();
        using var anonymous = feed.Host.CreateClient();

        using var page = await anonymous.GetAsync("/");
        using var script = await anonymous.GetAsync("/app.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"post-form\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    internal static async Task<long> PostAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/posts", new { text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<int> CountAsync(HttpClient client)
    {
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/posts?limit=100"));
        return list.RootElement.GetProperty("items").GetArrayLength();
    }
}
