using System.Net;
using System.Text.Json.Nodes;

namespace Samples.Conduit.Tests;

/// <summary>Pagination edges, filters, feed, favourites and slugs, each test on its own host so counts are exact.</summary>
public sealed class ListTests : IAsyncLifetime
{
    private readonly ConduitHost _conduit = new();

    public Task InitializeAsync() => _conduit.InitializeAsync();

    public Task DisposeAsync() => _conduit.DisposeAsync();

    [Theory]
    [InlineData("", 5, 5, "t5")]
    [InlineData("?limit=2", 2, 5, "t5")]
    [InlineData("?limit=2&offset=2", 2, 5, "t3")]
    [InlineData("?limit=2&offset=4", 1, 5, "t1")]
    [InlineData("?offset=5", 0, 5, null)]
    [InlineData("?offset=2147483647", 0, 5, null)]
    [InlineData("?limit=100", 5, 5, "t5")]
    [InlineData("?limit=1", 1, 5, "t5")]
    public async Task List_PageEdges_NewestFirstWithTotal(string query, int count, int total, string? first)
    {
        await SeedAsync(5);

        var reply = await _conduit.GetAsync("/api/articles" + query);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var articles = reply.Json!["articles"]!.AsArray();
        Assert.Equal(count, articles.Count);
        Assert.Equal(total, reply.Json["articlesCount"]!.GetValue<int>());
        Assert.Equal(first, articles.FirstOrDefault()?["slug"]!.GetValue<string>());
        Assert.All(articles, a => Assert.Null(a!["body"]));
    }

    [Fact]
    public async Task List_ArticleAsItsOwnPageShowsIt_TagsWithJsonMetacharacters()
    {
        var (author, token) = await _conduit.RegisterAsync();
        var (_, reader) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "Quotes", "say \\\"hi\\\"", "back\\\\slash", "ünï 日本", "</script>");
        await _conduit.CreateArticleAsync(token, "Untagged");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", reader);
        await _conduit.SendAsync(HttpMethod.Post, $"/api/profiles/{author}/follow", reader);

        var list = await _conduit.GetAsync("/api/articles", reader);
        var one = await _conduit.GetAsync($"/api/articles/{slug}", reader);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var listed = list.Json!["articles"]!.AsArray();
        Assert.Empty(listed[0]!["tagList"]!.AsArray());
        var quoted = listed[1]!;
        Assert.Equal(["</script>", "back\\slash", "say \"hi\"", "ünï 日本"], quoted["tagList"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(quoted["favorited"]!.GetValue<bool>());
        Assert.Equal(1, quoted["favoritesCount"]!.GetValue<int>());
        Assert.True(quoted["author"]!["following"]!.GetValue<bool>());
        var single = one.Json!["article"]!.AsObject();
        Assert.True(single.Remove("body"));
        Assert.True(JsonNode.DeepEquals(single, quoted), $"list: {quoted.ToJsonString()}\narticle: {single.ToJsonString()}");
    }

    // The SQLite page is JSON concatenated by the statement (json_quote per string): every string field with JSON
    // metacharacters, control characters and non-ASCII text must read back as the same values the single article shows.
    [Fact]
    public async Task List_StringsWithControlCharactersAndQuotes_SameValuesAsTheArticle()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var profile = await _conduit.SendAsync(HttpMethod.Put, "/api/user", token,
            """{"user":{"bio":"says \"hi\" \\ \u0001\n","image":"https://example.com/a\"b.png"}}""");
        Assert.Equal(HttpStatusCode.OK, profile.Status);
        var created = await _conduit.SendAsync(HttpMethod.Post, "/api/articles", token,
            """{"article":{"title":"Tab\there \"q\" \\ ünï 日本 😀","description":"line\nbreak \u001f \u007f </script>","body":"b"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var slug = created.Json!["article"]!["slug"]!.GetValue<string>();

        var list = await _conduit.GetAsync("/api/articles");
        var one = await _conduit.GetAsync($"/api/articles/{slug}");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var listed = list.Json!["articles"]!.AsArray().Single()!;
        Assert.Equal("Tab\there \"q\" \\ ünï 日本 😀", listed["title"]!.GetValue<string>());
        Assert.Equal("line\nbreak \u001f \u007f </script>", listed["description"]!.GetValue<string>());
        Assert.Equal("says \"hi\" \\ \u0001\n", listed["author"]!["bio"]!.GetValue<string>());
        var single = one.Json!["article"]!.AsObject();
        Assert.True(single.Remove("body"));
        Assert.True(JsonNode.DeepEquals(single, listed), $"list: {listed.ToJsonString()}\narticle: {single.ToJsonString()}");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=1.5", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?offset=x", "offset")]
    [InlineData("?offset=99999999999", "offset")]
    public async Task List_BadPaging_422NamingTheParameter(string query, string field)
    {
        var reply = await _conduit.GetAsync("/api/articles" + query);

        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.NotEmpty(reply.ErrorsOf(field));
    }

    [Fact]
    public async Task List_Filters_TagAuthorFavoritedAndFeed()
    {
        var (alice, aliceToken) = await _conduit.RegisterAsync();
        var (bob, bobToken) = await _conduit.RegisterAsync();
        var dragons = await _conduit.CreateArticleAsync(aliceToken, "Dragons", "training", "dragons");
        await _conduit.CreateArticleAsync(aliceToken, "Cats", "cats");
        await _conduit.CreateArticleAsync(bobToken, "Bob writes");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{dragons}/favorite", bobToken);
        await _conduit.SendAsync(HttpMethod.Post, $"/api/profiles/{alice}/follow", bobToken);

        var byTag = await _conduit.GetAsync("/api/articles?tag=dragons", bobToken);
        var byAuthor = await _conduit.GetAsync($"/api/articles?author={alice}");
        var favorited = await _conduit.GetAsync($"/api/articles?favorited={bob}");
        var feed = await _conduit.GetAsync("/api/articles/feed", bobToken);
        var aliceFeed = await _conduit.GetAsync("/api/articles/feed", aliceToken);
        var tags = await _conduit.GetAsync("/api/tags");

        var tagged = Assert.Single(byTag.Json!["articles"]!.AsArray())!;
        Assert.Equal(["dragons", "training"], tagged["tagList"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(tagged["favorited"]!.GetValue<bool>());
        Assert.Equal(1, tagged["favoritesCount"]!.GetValue<int>());
        Assert.True(tagged["author"]!["following"]!.GetValue<bool>());
        Assert.Equal(2, byAuthor.Json!["articlesCount"]!.GetValue<int>());
        Assert.False(byAuthor.Json["articles"]![1]!["favorited"]!.GetValue<bool>());
        Assert.Equal(dragons, Assert.Single(favorited.Json!["articles"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.Equal(2, feed.Json!["articlesCount"]!.GetValue<int>());
        Assert.Equal(0, aliceFeed.Json!["articlesCount"]!.GetValue<int>());
        Assert.Equal(["cats", "dragons", "training"], tags.Json!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Feed_Anonymous_401()
    {
        var reply = await _conduit.GetAsync("/api/articles/feed");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
    }

    [Fact]
    public async Task Favorite_Twice_CountsOnceAndUnfavoriteUndoes()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token);

        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", token);
        var twice = await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", token);
        var undone = await _conduit.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}/favorite", token);

        Assert.Equal(1, twice.Json!["article"]!["favoritesCount"]!.GetValue<int>());
        Assert.Equal(0, undone.Json!["article"]!["favoritesCount"]!.GetValue<int>());
        Assert.False(undone.Json["article"]!["favorited"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Slugs_SameTitle_SuffixedAndUnique()
    {
        var (_, token) = await _conduit.RegisterAsync();

        var slugs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            slugs.Add(await _conduit.CreateArticleAsync(token, "How to train your dragon"));
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _conduit.CreateArticleAsync(token, "Same time")));

        Assert.Equal(["how-to-train-your-dragon", "how-to-train-your-dragon-2", "how-to-train-your-dragon-3"], slugs);
        Assert.Equal(4, parallel.Distinct().Count());
        Assert.All(parallel, s => Assert.StartsWith("same-time", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slugs_TitleChange_KeepsTheSlug()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "Before");

        var updated = await _conduit.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", token, """{"article":{"title":"After"}}""");
        var read = await _conduit.GetAsync($"/api/articles/{slug}");

        Assert.Equal(slug, updated.Json!["article"]!["slug"]!.GetValue<string>());
        Assert.Equal("After", read.Json!["article"]!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("How to train your dragon", "how-to-train-your-dragon")]
    [InlineData("  Ölçü, Ünicode & 日本語!  ", "ölçü-ünicode-日本語")]
    [InlineData("Привет мир", "привет-мир")]
    [InlineData("हिन्दी लेख", "हिन्दी-लेख")]
    [InlineData("C# -- 10 tips", "c-10-tips")]
    [InlineData("Ｆｕｌｌｗｉｄｔｈ", "fullwidth")]
    [InlineData("?!* ...", "article")]
    [InlineData("a/b\\c%d_e", "a-b-c-d-e")]
    public void Slugs_From_UnicodeLettersLowerCasedOtherRunsOneDash(string title, string expected)
    {
        Assert.Equal(expected, global::Conduit.Slugs.From(title));
    }

    [Fact]
    public void Slugs_From_LongTitle_CutAtMaxLength()
    {
        var slug = global::Conduit.Slugs.From(string.Concat(Enumerable.Repeat("word ", 100)));

        Assert.True(slug.Length <= global::Conduit.Slugs.MaxLength);
        Assert.False(slug.EndsWith('-'));
    }

    [Fact]
    public async Task Slugs_UnicodeTitle_ServedAtItsEncodedPath()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "Ölçü 日本語");

        var reply = await _conduit.GetAsync("/api/articles/" + Uri.EscapeDataString(slug));

        Assert.Equal("ölçü-日本語", slug);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    private async Task SeedAsync(int count)
    {
        var (_, token) = await _conduit.RegisterAsync();
        for (var i = 1; i <= count; i++)
        {
            await _conduit.CreateArticleAsync(token, "t" + i);
        }
    }
}
