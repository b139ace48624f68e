using System.Net;
using BackEnd.Auth.Internal;
using BackEnd.Auth.Tests.Support;
using BackEnd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary><see cref="AuthOptions.TokenCacheDuration"/>: a cached token record never outlives a revocation made through this node.</summary>
public abstract partial class AuthEndpointsTests
{
    private static readonly TimeSpan AnHour = TimeSpan.FromHours(1);

    private IRepository<AuthToken, string> Tokens => Services.GetRequiredService<IEntityStore>().GetRepository<AuthToken, string>();

    [Fact]
    public async Task TokenCache_RevokedThroughTheService_RefusedAtOnce()
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        var (token, _) = await Auth.CreateTokenAsync("alice", "cli");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(token))).StatusCode);

        Assert.True(await Auth.RevokeTokenAsync(token));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(token))).StatusCode);
    }

    [Fact]
    public async Task TokenCache_SignedOutWithTheToken_RefusedAtOnceAndRecordGone()
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        using var api = new AuthClient(client.Http) { Token = await client.LoginForTokenAsync("alice", Password) };
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/auth/logout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/auth/me")).StatusCode);
        Assert.Null(await Tokens.GetAsync(Digest(api.Token)));
    }

    [Fact]
    public async Task TokenCache_ExpiredWhileCached_RefusedAtOnce()
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        var (token, expiresAt) = await Auth.CreateTokenAsync("alice", "cli", lifetime: TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(token))).StatusCode);

        Time.Advance(expiresAt - Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(token))).StatusCode);
        Assert.Null(await Tokens.GetAsync(Digest(token)));
    }

    [Theory]
    [InlineData("change")]
    [InlineData("set")]
    [InlineData("everywhere")]
    [InlineData("roles")]
    public async Task TokenCache_AccountCredentialsChanged_EveryCachedTokenRefusedAtOnce(string change)
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        var (first, _) = await Auth.CreateTokenAsync("alice", "cli");
        var (second, _) = await Auth.CreateTokenAsync("alice", "ci");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(second))).StatusCode);

        switch (change)
        {
            case "change": Assert.True((await Auth.ChangePasswordAsync("alice", Password, "amber-lantern-77")).Succeeded); break;
            case "set": Assert.True((await Auth.SetPasswordAsync("alice", "amber-lantern-77")).Succeeded); break;
            case "everywhere": await Auth.SignOutEverywhereAsync("alice"); break;
            default: await Auth.SetRolesAsync("alice", ["admin"]); break;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(first))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(second))).StatusCode);
    }

    [Fact]
    public async Task TokenCache_PasswordChangedWithTheToken_CallerKeptOtherTokensRefused()
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        using var api = new AuthClient(client.Http) { Token = await client.LoginForTokenAsync("alice", Password) };
        var (other, _) = await Auth.CreateTokenAsync("alice", "cli");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(other))).StatusCode);

        var response = await api.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "amber-lantern-77" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(other))).StatusCode);
        var stored = await Tokens.GetAsync(Digest(api.Token));
        Assert.Equal((await Users.GetAsync("alice"))!.SecurityStamp, stored!.SecurityStamp);
    }

    // What the option's remarks warn of: a deletion this node is not told about is seen when the copy expires, never later.
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task TokenCache_DeletedStraightFromTheStore_RefusedOnceTheCopyExpires(int cacheMilliseconds)
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = TimeSpan.FromMilliseconds(cacheMilliseconds));
        await RegisterAsync(client, "alice");
        var (token, _) = await Auth.CreateTokenAsync("alice", "cli");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(token))).StatusCode);

        var stored = (await Tokens.GetAsync(Digest(token)))!;
        await Tokens.DeleteAsync(stored.Id, stored.Version);
        var before = (await client.GetAsync("/authed", Bearer(token))).StatusCode;
        Time.Advance(TimeSpan.FromMilliseconds(cacheMilliseconds + 1));
        var after = (await client.GetAsync("/authed", Bearer(token))).StatusCode;

        Assert.Equal(cacheMilliseconds == 0 ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("' OR 1=1 --")]
    public async Task TokenCache_MalformedOrUnknownToken_RefusedAndNothingCached(string token)
    {
        using var client = await StartAsync(o => o.TokenCacheDuration = AnHour);
        await RegisterAsync(client, "alice");
        var (real, _) = await Auth.CreateTokenAsync("alice", "cli");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(real[..^1] + (real[^1] == 'A' ? 'B' : 'A')))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(real))).StatusCode);
    }

    private static string Digest(string? token) => Secrets.Digest(token!);
}
