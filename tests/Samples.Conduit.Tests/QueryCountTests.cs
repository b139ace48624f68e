using System.Net;
using System.Reflection;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Samples.Conduit.Tests;

/// <summary>
/// SQL statements the application sends per request, counted by wrapping its <see cref="ISqlDatabase"/> (BackEnd.Storage.Sql has
/// no command diagnostics to listen to). A list is one statement for 0 or 20 articles: no query per article.
/// </summary>
public sealed class QueryCountTests : IAsyncLifetime
{
    private readonly StatementCounter _counter = new();
    private readonly ConduitHost _conduit;

    public QueryCountTests() => _conduit = new ConduitHost { ConfigureServices = s => s.Replace(ServiceDescriptor.Singleton<ISqlDatabase>(
        sp => CountingDatabase.Wrap((ISqlDatabase)sp.GetRequiredService<IEntityStore>(), _counter))) };

    public Task InitializeAsync() => _conduit.InitializeAsync();

    public Task DisposeAsync() => _conduit.DisposeAsync();

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

        Assert.Equal((HttpStatusCode.OK, 1), one);          // the page with tags, counts, relations and the total
        Assert.Equal((HttpStatusCode.OK, 1), anonymous);
        Assert.Equal((HttpStatusCode.OK, 1), signedIn);
        Assert.Equal((HttpStatusCode.OK, 1), filtered);
        Assert.Equal((HttpStatusCode.OK, 1), feed);
        Assert.Equal((HttpStatusCode.OK, 2), pastTheEnd);  // an empty page carries no total: it is counted on its own
    }

    [Fact]
    public async Task SingleReads_FixedStatements()
    {
        var (_, token) = await _conduit.RegisterAsync();
        var slug = await _conduit.CreateArticleAsync(token, "One", "a", "b", "c");
        await _conduit.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", token, """{"comment":{"body":"c"}}""");

        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync($"/api/articles/{slug}", token));
        Assert.Equal((HttpStatusCode.OK, 2), await CountAsync($"/api/articles/{slug}/comments", token));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync("/api/tags"));
        Assert.Equal((HttpStatusCode.OK, 1), await CountAsync("/api/user", token));
    }

    private async Task<(HttpStatusCode, int)> CountAsync(string path, string? token = null)
    {
        _counter.Reset();
        var reply = await _conduit.GetAsync(path, token);
        return (reply.Status, _counter.Count);
    }

    internal sealed class StatementCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);

        public void Reset() => Volatile.Write(ref _count, 0);
    }

    /// <summary>Forwards every call to the real database and counts those that send a statement.</summary>
    public class CountingDatabase : DispatchProxy
    {
        private ISqlDatabase _inner = null!;
        private Action _increment = null!;

        internal static ISqlDatabase Wrap(ISqlDatabase inner, StatementCounter counter)
        {
            var proxy = Create<ISqlDatabase, CountingDatabase>();
            var self = (CountingDatabase)(object)proxy;
            self._inner = inner;
            self._increment = counter.Increment;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name is "QueryAsync" or "QueryFirstOrDefaultAsync" or "QuerySingleAsync" or "ExecuteScalarAsync" or "ExecuteAsync" or "StreamAsync")
            {
                _increment();
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }
    }
}
