using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using BackEnd.Auth.Internal;
using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Storage.InMemory;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary>Refused sign-ins held for <see cref="AuthOptions.RefusalDelay"/>, over real sockets, on a clock the test moves.</summary>
public sealed class RefusalHoldTests : IAsyncLifetime
{
    private const string Password = "violet-harbor-42";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _time = new();
    private readonly List<HttpClient> _clients = [];
    private BackEndTestHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Login_OverThePerIpLimit_AnswersOnlyWhenTheClockPassesTheDelay()
    {
        var http = await StartAsync(o => o.LoginPermitsPerMinute = 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WrongLoginAsync(http, "nobody")).StatusCode);

        var pending = WrongLoginAsync(http, "nobody");
        await HeldAsync(1);
        _time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, Hold.Held);
        _time.Advance(TimeSpan.FromSeconds(1));
        var response = await pending.WaitAsync(Bound);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.NotEqual(true, response.Headers.ConnectionClose);
        Assert.Equal(0, Hold.Held);
    }

    [Fact]
    public async Task Login_CloseConnectionOnRefusal_ClosesAfterTheHeld429()
    {
        var http = await StartAsync(o =>
        {
            o.LoginPermitsPerMinute = 1;
            o.CloseConnectionOnRefusal = true;
        });
        await WrongLoginAsync(http, "nobody");

        var pending = WrongLoginAsync(http, "nobody");
        await HeldAsync(1);
        _time.Advance(TimeSpan.FromSeconds(10));
        var response = await pending.WaitAsync(Bound);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task Login_LockedKnownAndUnknownNames_AreHeldAlikeAndAnsweredByteForByte()
    {
        var http = await StartAsync(o => o.LoginPermitsPerMinute = 0);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/auth/register", new { userName = "alice", password = Password })).StatusCode);
        var wrongPassword = await WrongLoginAsync(http, "alice");
        var unknownUser = await WrongLoginAsync(http, "ghost");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(await wrongPassword.Content.ReadAsByteArrayAsync(), await unknownUser.Content.ReadAsByteArrayAsync());
        Assert.Equal(AuthEndpointsTests.Headers(wrongPassword), AuthEndpointsTests.Headers(unknownUser));
        for (var i = 0; i < 4; i++)
        {
            await WrongLoginAsync(http, "alice");
            await WrongLoginAsync(http, "ghost");
        }

        var known = WrongLoginAsync(http, "alice");
        var unknown = WrongLoginAsync(http, "ghost");
        await HeldAsync(2);
        Assert.False(known.IsCompleted || unknown.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        var lockedKnown = await known.WaitAsync(Bound);
        var lockedUnknown = await unknown.WaitAsync(Bound);

        Assert.Equal((HttpStatusCode)429, lockedKnown.StatusCode);
        Assert.Equal(await lockedKnown.Content.ReadAsByteArrayAsync(), await lockedUnknown.Content.ReadAsByteArrayAsync());
        Assert.Equal(AuthEndpointsTests.Headers(lockedKnown), AuthEndpointsTests.Headers(lockedUnknown));
    }

    [Fact]
    public async Task Refusals_BeyondTheCap_AreAnsweredAtOnceWithConnectionClose()
    {
        var http = await StartAsync(o =>
        {
            o.LoginPermitsPerMinute = 1;
            o.MaxHeldRefusals = 3;
        });
        await WrongLoginAsync(http, "nobody");
        var held = Enumerable.Range(0, 3).Select(_ => WrongLoginAsync(http, "nobody")).ToList();
        await HeldAsync(3);

        var overCap = await WrongLoginAsync(http, "nobody").WaitAsync(Bound);

        Assert.Equal((HttpStatusCode)429, overCap.StatusCode);
        Assert.True(overCap.Headers.ConnectionClose);
        Assert.DoesNotContain(held, t => t.IsCompleted);
        Assert.Equal(3, Hold.Held);
        _time.Advance(TimeSpan.FromSeconds(10));
        foreach (var response in await Task.WhenAll(held).WaitAsync(Bound))
        {
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
        }
    }

    [Fact]
    public async Task Refusals_HeldByTheHundred_TakeNoThreads()
    {
        const int Count = 200;
        var http = await StartAsync(o => o.LoginPermitsPerMinute = 1);
        await WrongLoginAsync(http, "nobody");
        var threadsBefore = ThreadPool.ThreadCount;

        var held = Enumerable.Range(0, Count).Select(_ => WrongLoginAsync(http, "nobody")).ToList();
        await HeldAsync(Count);

        // Blocking a thread per refusal would need 200 threads; the pool adds them a few per second, so they would not all be held yet.
        Assert.True(ThreadPool.ThreadCount - threadsBefore < Count / 2, $"thread pool grew from {threadsBefore} to {ThreadPool.ThreadCount} threads");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.All(await Task.WhenAll(held).WaitAsync(Bound), r => Assert.Equal((HttpStatusCode)429, r.StatusCode));
    }

    [Fact]
    public async Task Refusal_ClientDisconnectsWhileHeld_FreesItsPlace()
    {
        var http = await StartAsync(o => o.LoginPermitsPerMinute = 1);
        await WrongLoginAsync(http, "nobody");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _host!.ServerAddress!.Port);
        const string Body = """{"userName":"nobody","password":"wrong-password"}""";
        var request = $"POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body}";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        await HeldAsync(1);

        socket.Close();

        // The clock never moves: only the disconnect can end the wait.
        await HeldAsync(0);
    }

    [Fact]
    public async Task HostStop_WhileRefusalsAreHeld_AnswersThemAndReturnsPromptly()
    {
        var http = await StartAsync(o =>
        {
            o.LoginPermitsPerMinute = 1;
            o.RefusalDelay = TimeSpan.FromMinutes(1);
        });
        await WrongLoginAsync(http, "nobody");
        var held = Enumerable.Range(0, 5).Select(_ => WrongLoginAsync(http, "nobody")).ToList();
        await HeldAsync(5);

        var host = _host!;
        _host = null;
        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        foreach (var response in await Task.WhenAll(held).WaitAsync(Bound))
        {
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.True(response.Headers.ConnectionClose);
        }
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(61, 10)]
    [InlineData(1, -1)]
    public async Task Start_InvalidRefusalOptions_FailsWithTheirNames(int delaySeconds, int cap)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(o =>
        {
            o.RefusalDelay = TimeSpan.FromSeconds(delaySeconds);
            o.MaxHeldRefusals = cap;
        }));

        Assert.Contains("RefusalDelay", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_HeldWithJitter_EachAnsweredBetweenHalfTheDelayAndAllOfIt()
    {
        var http = await StartAsync(o =>
        {
            o.LoginPermitsPerMinute = 1;
            o.RefusalJitter = 0.5;
        });
        await WrongLoginAsync(http, "nobody");
        var held = Enumerable.Range(0, 12).Select(_ => WrongLoginAsync(http, "nobody")).ToList();
        await HeldAsync(12);

        _time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.DoesNotContain(held, pending => pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5.1));
        var responses = await Task.WhenAll(held).WaitAsync(Bound);

        Assert.All(responses, response => Assert.Equal((HttpStatusCode)429, response.StatusCode));
        Assert.Equal(0, Hold.Held);
    }

    [Fact]
    public void Spread_HalfJitter_DrawsAcrossTheLowerHalfOfTheDelay()
    {
        var delay = TimeSpan.FromSeconds(10);
        var draws = Enumerable.Range(0, 1000).Select(_ => RefusalHold.Spread(delay, 0.5)).ToList();

        Assert.All(draws, draw => Assert.InRange(draw, TimeSpan.FromSeconds(5), delay));
        Assert.True(draws.Min() < TimeSpan.FromSeconds(6), $"shortest hold {draws.Min()}");
        Assert.True(draws.Max() > TimeSpan.FromSeconds(9), $"longest hold {draws.Max()}");
        Assert.Equal(delay, RefusalHold.Spread(delay, 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task Start_RefusalJitterOutOfRange_FailsWithItsName(double jitter)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(o => o.RefusalJitter = jitter));

        Assert.Contains("RefusalJitter", failure.Message, StringComparison.Ordinal);
    }

    private RefusalHold Hold => _host!.Services.GetRequiredService<RefusalHold>();

    private async Task<HttpClient> StartAsync(Action<AuthOptions> configure)
    {
        _host = await BackEndTestHost.StartServerAsync(b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            b.AddInMemoryStorage();
            b.AddAuth(o =>
            {
                o.Passwords.BCryptWorkFactor = 4;
                o.RefusalDelay = TimeSpan.FromSeconds(10);
                o.RefusalJitter = 0;
                configure(o);
            });
            b.Configure(app => app.MapAuthEndpoints());
        });
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = _host.ServerAddress };
        _clients.Add(http);
        return http;
    }

    private static Task<HttpResponseMessage> WrongLoginAsync(HttpClient http, string userName) =>
        http.PostAsJsonAsync("/auth/login", new { userName, password = "wrong-password" });

    /// <summary>Waits (bounded) until exactly this many refusals are held.</summary>
    // A refusal is counted as held before its delay's timer exists; advancing the clock between the two would leave that timer
    // waiting for a clock that never moves again, so wait for the timers too.
    private async Task HeldAsync(int count)
    {
        for (var waited = TimeSpan.Zero; Hold.Held != count || _time.WaitingOneShotTimers < count; waited += TimeSpan.FromMilliseconds(20))
        {
            Assert.True(waited < Bound, $"{Hold.Held} refusals held and {_time.WaitingOneShotTimers} timers waiting, expected {count}");
            await Task.Delay(20);
        }
    }
}
