using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Samples.Conduit.Tests;

/// <summary>
/// SQL statements per request, counted from BackEnd.Storage.Sql's ActivitySource: each request carries a traceparent of its
/// own, and only statements in that trace count, so requests of other tests running meanwhile are not counted. A list is
/// one statement for 0 or 20 articles: no query per article.
/// </summary>
public sealed class QueryCountTests : IAsyncLifetime, IDisposable
{
    // What BackEnd.Auth reads per token-authenticated request: nothing. The token's record and its user were read by an
    // earlier request with the same token and are held by Auth's caches (the app sets TokenCacheDuration to 1 s), which
    // the stopped clock never lets expire, so the count does not depend on how fast the test runs.
    private const int TokenLookup = 0;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ConduitHost _conduit;
    private readonly ActivityListener _listener;
    private ActivityTraceId _trace = ActivityTraceId.CreateRandom();
    private int _statements;

    public QueryCountTests()
    {
        _conduit = new() { Clock = _clock };
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "BackEnd.Server" or "BackEnd.Storage.Sql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == _trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "BackEnd.Storage.Sql" && activity.TraceId == _trace)
                {
                    Interlocked.Increment(ref _statements);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Task InitializeAsync() => _conduit.InitializeAsync();

    public Task DisposeAsync() => _conduit.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Lists_NoneOrTwentyArticles_OneStatementEach()
    {
        var (author, authorToken) = await _conduit.RegisterAsync();
        var (_, readerToken) = await _conduit.RegisterAsync();
        await _conduit.SendAsync(HttpMethod.Post, $"/api/profiles/{author}/follow", readerToken);
        var one = await CountAsync("/api/articles", readerToken);
        for (var i = 0; i < 20; i++)
        {
            var slug = await _conduit.CreateArticleAsync(authorToken, "Article " + i, "tag" + (i % 3), "common");
            await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", readerToken);
        }

        var anonymous = await CountAsync("/api/articles");
        var signedIn = await CountAsync("/api/articles", readerToken);
        var filtered = await CountAsync($"/api/articles?tag=common&author={author}&favorited=nobody", readerToken);
        var feed = await CountAsync("/api/articles/feed", readerToken);
        var pastTheEnd = await CountAsync("/api/articles?offset=40");

        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), one);  // the page with tags, counts, relations and the total
        Assert.Equal((HttpStatusCode.OK, 1), anonymous);
        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), signedIn);
        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), filtered);
        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), feed);
        Assert.Equal((HttpStatusCode.OK, 1), pastTheEnd);  // on SQLite the total is part of the page's JSON, rows or none
    }

    [Fact]
    public async Task SingleReads_FixedStatements()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "One", "a", "b", "c");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", token, """{"comment":{"body":"c"}}""");

        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), await CountAsync($"/api/articles/{slug}", token));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync($"/api/articles/{slug}"));
        Assert.Equal((HttpStatusCode.OK, TokenLookup + 2), await CountAsync($"/api/articles/{slug}/comments", token));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync("/api/tags"));
        Assert.Equal((HttpStatusCode.OK, TokenLookup + 1), await CountAsync("/api/user", token));
    }

    [Fact]
    public async Task CurrentUser_AfterAuthsCopiesExpire_ReadsTokenAndAccountAgainOnce()
    {
        var (_, token) = await _conduit.RegisterAsync();

        // First use: the token's record, its account, then the users row; the next request finds both copies.
        Assert.Equal((HttpStatusCode.OK, 3), await CountAsync("/api/user", token));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync("/api/user", token));

        _clock.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal((HttpStatusCode.OK, 3), await CountAsync("/api/user", token));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync("/api/user", token));
    }

    private async Task<(HttpStatusCode, int)> CountAsync(string path, string? token = null)
    {
        _trace = ActivityTraceId.CreateRandom();
        Volatile.Write(ref _statements, 0);
        var reply = await _conduit.SendAsync(HttpMethod.Get, path, token, traceParent: $"00-{_trace}-{ActivitySpanId.CreateRandom()}-01");
        return (reply.Status, Volatile.Read(ref _statements));
    }
}
