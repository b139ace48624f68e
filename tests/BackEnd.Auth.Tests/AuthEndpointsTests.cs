using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackEnd.Http;
using BackEnd.Auth.Authorization;
using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.HttpResults;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary>The auth endpoints and authorization, written once and run by one sealed subclass per storage provider and transport.</summary>
public abstract partial class AuthEndpointsTests : IAsyncLifetime
{
    protected const string Password = "violet-harbor-42";

    private readonly List<BackEndTestHost> _hosts = [];

    protected ManualTimeProvider Time { get; } = new();

    /// <summary>Registers the entity store under test.</summary>
    protected abstract void AddStorage(IBackEndBuilder builder);

    /// <summary>Whether the host runs on the real server over a socket.</summary>
    protected virtual bool RealServer => false;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Register_NewName_Returns201WithUserName()
    {
        using var client = await StartAsync();

        var response = await client.PostAsync("/auth/register", new { userName = "  Alice ", password = Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Alice", await ReadStringAsync(response, "userName"));
    }

    [Theory]
    [InlineData("ALICE")]
    [InlineData("alice ")]
    [InlineData("ａｌｉｃｅ")] // fullwidth letters: NFKC makes them ASCII
    public async Task Register_SameNameInOtherSpelling_Returns409(string spelling)
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        var response = await client.PostAsync("/auth/register", new { userName = spelling, password = Password });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("bob", "short7!", "password")]
    [InlineData("bob", "password123", "password")]
    [InlineData("bobbybobby", "BOBBYBOBBY", "password")]
    [InlineData("", "violet-harbor-42", "userName")]
    [InlineData("bad\u0001name", "violet-harbor-42", "userName")]
    [InlineData(null, "violet-harbor-42", "userName")]
    [InlineData("bob", null, "password")]
    public async Task Register_PolicyFailure_Returns400WithErrorsForTheField(string? userName, string? password, string field)
    {
        using var client = await StartAsync();

        var response = await client.PostAsync("/auth/register", new { userName, password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), json.RootElement.ToString());
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    [Fact]
    public async Task Register_PasswordOver72Bytes_Returns400SayingWhy()
    {
        using var client = await StartAsync();

        var response = await client.PostAsync("/auth/register", new { userName = "bob", password = new string('é', 40) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("72 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_MalformedJsonOrWrongType_Returns400Or415()
    {
        using var client = await StartAsync();

        var malformed = await client.Http.PostAsync("/auth/register", new StringContent("{\"userName\": ", Encoding.UTF8, "application/json"));
        var text = await client.Http.PostAsync("/auth/register", new StringContent("userName=a", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Login_Valid_Returns200AndHardenedSessionCookie()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        var response = await client.PostAsync("/auth/login", new { userName = "ALICE", password = Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", await ReadStringAsync(response, "userName"));
        var cookie = Assert.Single(AuthClient.SetCookies(response));
        var attributes = cookie.Split("; ");
        Assert.Matches("^backend_session=[A-Za-z0-9_-]{43}$", attributes[0]);
        Assert.Contains("HttpOnly", attributes);
        Assert.Contains("SameSite=Lax", attributes);
        Assert.Contains("Path=/", attributes);
        Assert.DoesNotContain("Secure", attributes);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Login_BehindTrustedTlsOption_MarksCookieSecure()
    {
        using var client = await StartAsync(o => o.AlwaysSecureCookie = true);
        await RegisterAsync(client, "alice");

        var response = await client.PostAsync("/auth/login", new { userName = "alice", password = Password });

        Assert.Contains("Secure", Assert.Single(AuthClient.SetCookies(response)).Split("; "));
    }

    [Fact]
    public async Task Login_Token_ReturnsTokenWithoutCookieAndStoresOnlyItsHash()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        var response = await client.PostAsync("/auth/login", new { userName = "alice", password = Password, token = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(AuthClient.SetCookies(response));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("token").GetString()!;
        Assert.True(json.RootElement.GetProperty("expiresAt").GetDateTimeOffset() > Time.GetUtcNow());
        var stored = await AllAsync<AuthToken>();
        var row = Assert.Single(stored);
        Assert.NotEqual(token, row.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.Id);
        Assert.DoesNotContain(stored, t => JsonSerializer.Serialize(t).Contains(token, StringComparison.Ordinal));
        client.Token = token;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Login_SessionIds_AreNotStoredRaw()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        await client.LoginAsync("alice", Password);

        var session = Assert.Single(await AllAsync<AuthSession>());
        Assert.NotEqual(client.Session, session.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client.Session!))), session.Id);
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_AnswerByteForByteAlike()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        var wrongPassword = await client.PostAsync("/auth/login", new { userName = "alice", password = "not-the-password" });
        var unknownUser = await client.PostAsync("/auth/login", new { userName = "mallory", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        Assert.Equal(await wrongPassword.Content.ReadAsByteArrayAsync(), await unknownUser.Content.ReadAsByteArrayAsync());
        Assert.Equal(Headers(wrongPassword), Headers(unknownUser));
        Assert.Empty(AuthClient.SetCookies(unknownUser));
    }

    [Fact]
    public async Task Login_FiveFailures_LocksTheNameFor15MinutesWithRetryAfter()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/auth/login", new { userName = "alice", password = "wrong-password" })).StatusCode);
        }

        var locked = await client.PostAsync("/auth/login", new { userName = "Alice", password = Password });

        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Equal(900, int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture));
        Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/auth/login", new { userName = "alice", password = Password })).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownNameFailures_LockAlikeSoLockoutRevealsNothing()
    {
        using var client = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsync("/auth/login", new { userName = "ghost", password = "wrong-password" });
        }

        var locked = await client.PostAsync("/auth/login", new { userName = "ghost", password = "wrong-password" });

        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.True(locked.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Login_MoreThanThePerIpLimit_Returns429WithRetryAfter()
    {
        using var client = await StartAsync(o => o.LoginPermitsPerMinute = 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/auth/login", new { userName = "u" + i, password = "wrong-password" })).StatusCode);
        }

        var limited = await client.PostAsync("/auth/login", new { userName = "u9", password = "wrong-password" });

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/auth/login", new { userName = "u9", password = "wrong-password" })).StatusCode);
    }

    [Fact]
    public async Task Register_MoreThanThePerIpLimit_Returns429()
    {
        using var client = await StartAsync(o => o.RegisterPermitsPerMinute = 2);
        await RegisterAsync(client, "a1");
        await RegisterAsync(client, "a2");

        var limited = await client.PostAsync("/auth/register", new { userName = "a3", password = Password });

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Login_WithAnExistingSessionCookie_IssuesANewIdAndEndsTheOldOne()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var first = client.Session;

        await client.LoginAsync("alice", Password);

        Assert.NotEqual(first, client.Session);
        using var old = new AuthClient(client.Http) { Session = first };
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Login_WithAPlantedCookieValue_NeverAdoptsIt()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        client.Session = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        await client.LoginAsync("alice", Password);

        Assert.NotEqual("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", client.Session);
        Assert.Single(await AllAsync<AuthSession>());
    }

    [Fact]
    public async Task Me_Anonymous_Returns401ProblemWithWwwAuthenticateBearer()
    {
        using var client = await StartAsync();

        var response = await client.GetAsync("/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Me_WithGarbageCookieOrToken_Returns401()
    {
        using var client = await StartAsync();

        var cookie = await client.GetAsync("/auth/me", r => r.Headers.Add("Cookie", "backend_session=\"; DROP TABLE x; --"));
        var token = await client.GetAsync("/auth/me", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer ' OR 1=1 --"));

        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Fact]
    public async Task Me_SignedIn_ReturnsUserNameAndRoles()
    {
        using var client = await StartAsync();
        await Services.GetRequiredService<AuthService>().RegisterAsync("Root", Password, ["admin", "editor"]);
        await client.LoginAsync("root", Password);

        var json = await ReadJsonAsync(await client.GetAsync("/auth/me"));

        Assert.Equal("Root", json.GetProperty("userName").GetString());
        Assert.Equal(["admin", "editor"], json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Logout_SignedIn_Returns204DeletesCookieAndEndsSessionServerSide()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var session = client.Session;
        await client.FetchCsrfAsync();

        var response = await client.PostAsync("/auth/logout");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var deletion = Assert.Single(AuthClient.SetCookies(response));
        Assert.StartsWith("backend_session=;", deletion, StringComparison.Ordinal);
        Assert.Contains("Max-Age=0", deletion, StringComparison.Ordinal);
        Assert.Empty(await AllAsync<AuthSession>());
        using var replay = new AuthClient(client.Http) { Session = session };
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_Bearer_RevokesTheToken()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        client.Token = await client.LoginForTokenAsync("alice", Password);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/auth/logout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_RevokesOtherSessionsAndTokensAndKeepsTheCaller()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var before = client.Session;
        using var other = new AuthClient(client.Http);
        await other.LoginAsync("alice", Password);
        using var api = new AuthClient(client.Http) { Token = await client.LoginForTokenAsync("alice", Password) };
        await client.FetchCsrfAsync();

        var response = await client.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "amber-lantern-77" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotEqual(before, client.Session);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/auth/me")).StatusCode);
        using var replay = new AuthClient(client.Http) { Session = before };
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/auth/login", new { userName = "alice", password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/auth/login", new { userName = "alice", password = "amber-lantern-77" })).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentOrWeakNew_Returns400AndChangesNothing()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        await client.FetchCsrfAsync();

        var wrong = await client.PostAsync("/auth/change-password", new { currentPassword = "nope-nope-nope", newPassword = "amber-lantern-77" });
        var weak = await client.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "qwerty123" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await ReadJsonAsync(wrong)).GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await ReadJsonAsync(weak)).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_Anonymous_Returns401()
    {
        using var client = await StartAsync();

        var response = await client.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "amber-lantern-77" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("none", HttpStatusCode.Forbidden)]
    [InlineData("token", HttpStatusCode.NoContent)]
    [InlineData("wrong-token", HttpStatusCode.Forbidden)]
    [InlineData("same-origin", HttpStatusCode.NoContent)]
    [InlineData("cross-origin", HttpStatusCode.Forbidden)]
    [InlineData("sec-fetch-same-origin", HttpStatusCode.NoContent)]
    [InlineData("sec-fetch-cross-site", HttpStatusCode.Forbidden)]
    public async Task UnsafeCookieRequest_CsrfMatrix(string proof, HttpStatusCode expected)
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var token = await client.FetchCsrfAsync();
        client.Csrf = null;
        var origin = client.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var response = await client.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "amber-lantern-77" }, r =>
        {
            switch (proof)
            {
                case "token": r.Headers.Add("X-CSRF-Token", token); break;
                case "wrong-token": r.Headers.Add("X-CSRF-Token", token[..^2] + "xx"); break;
                case "same-origin": r.Headers.Add("Origin", origin); break;
                case "cross-origin": r.Headers.Add("Origin", "https://evil.example"); break;
                case "sec-fetch-same-origin": r.Headers.Add("Sec-Fetch-Site", "same-origin"); break;
                case "sec-fetch-cross-site": r.Headers.Add("Sec-Fetch-Site", "cross-site"); break;
            }
        });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task UnsafeBearerRequest_NeedsNoCsrfToken()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        client.Token = await client.LoginForTokenAsync("alice", Password);

        var response = await client.PostAsync("/auth/change-password", new { currentPassword = Password, newPassword = "amber-lantern-77" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Csrf_TokenIsPerSession()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var first = await client.FetchCsrfAsync();
        using var other = new AuthClient(client.Http);
        await other.LoginAsync("alice", Password);

        var second = await other.FetchCsrfAsync();

        Assert.NotEqual(first, second);
        other.Csrf = first;
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/auth/logout")).StatusCode);
    }

    [Fact]
    public async Task Session_UnusedPastSlidingExpiry_Ends()
    {
        using var client = await StartAsync(o => o.SessionSlidingExpiration = TimeSpan.FromHours(1));
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);

        Time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Session_PastAbsoluteExpiry_EndsEvenWhenUsed()
    {
        using var client = await StartAsync(o =>
        {
            o.SessionSlidingExpiration = TimeSpan.FromHours(1);
            o.SessionAbsoluteExpiration = TimeSpan.FromHours(3);
        });
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        for (var i = 0; i < 4; i++)
        {
            Time.Advance(TimeSpan.FromMinutes(40));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        }

        Time.Advance(TimeSpan.FromMinutes(40));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionAndToken()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        using var api = new AuthClient(client.Http) { Token = await client.LoginForTokenAsync("alice", Password) };

        await Services.GetRequiredService<AuthService>().SignOutEverywhereAsync("ALICE");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/auth/me")).StatusCode);
        Assert.Empty(await AllAsync<AuthSession>());
        Assert.Empty(await AllAsync<AuthToken>());
    }

    [Fact]
    public async Task SetRoles_RevokesSessionsSoNewRolesTakeEffectAtNextSignIn()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin")).StatusCode);

        await Services.GetRequiredService<AuthService>().SetRolesAsync("alice", ["admin"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin")).StatusCode);
        await client.LoginAsync("alice", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Token_Expired_Returns401()
    {
        using var client = await StartAsync(o => o.TokenLifetime = TimeSpan.FromHours(1));
        await RegisterAsync(client, "alice");
        client.Token = await client.LoginForTokenAsync("alice", Password);

        Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Token_CustomScheme_IsAcceptedAndAdvertised()
    {
        using var client = await StartAsync(o => o.TokenScheme = "Token");
        await RegisterAsync(client, "alice");
        var token = await client.LoginForTokenAsync("alice", Password);

        var ok = await client.GetAsync("/auth/me", r => r.Headers.TryAddWithoutValidation("Authorization", "Token " + token));
        var bearer = await client.GetAsync("/auth/me", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        Assert.Equal("Token", bearer.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Login_HashNeedingRehash_IsReplacedTransparently()
    {
        using var client = await StartAsync();
        var users = Services.GetRequiredService<IEntityStore>().GetRepository<AuthUser, string>();
        await users.InsertAsync(new AuthUser
        {
            Id = "legacy",
            UserName = "legacy",
            PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, BCrypt.Net.BCrypt.GenerateSalt(4, 'a')),
            SecurityStamp = "stamp",
            CreatedAt = Time.GetUtcNow(),
        });

        await client.LoginAsync("legacy", Password);

        var stored = await users.GetAsync("legacy");
        Assert.StartsWith("$2b$04$", stored!.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(Time.GetUtcNow(), stored.LastSignInAt);
        await client.LoginAsync("legacy", Password);
    }

    [Theory]
    [InlineData("/open", null, HttpStatusCode.OK)]
    [InlineData("/authed", null, HttpStatusCode.Unauthorized)]
    [InlineData("/authed", "user", HttpStatusCode.OK)]
    [InlineData("/admin", null, HttpStatusCode.Unauthorized)]
    [InlineData("/admin", "user", HttpStatusCode.Forbidden)]
    [InlineData("/admin", "admin", HttpStatusCode.OK)]
    [InlineData("/pro", "user", HttpStatusCode.Forbidden)]
    [InlineData("/pro", "pro", HttpStatusCode.OK)]
    [InlineData("/members/list", null, HttpStatusCode.Unauthorized)]
    [InlineData("/members/list", "user", HttpStatusCode.OK)]
    [InlineData("/members/public", null, HttpStatusCode.OK)]
    [InlineData("/weekday", "user", HttpStatusCode.Forbidden)]
    [InlineData("/weekday", "admin", HttpStatusCode.OK)]
    public async Task Authorization_Matrix(string path, string? who, HttpStatusCode expected)
    {
        using var client = await StartAsync();
        var auth = Services.GetRequiredService<AuthService>();
        await auth.RegisterAsync("user", Password);
        await auth.RegisterAsync("admin", Password, ["admin"]);
        var pro = await auth.RegisterAsync("pro", Password);
        var users = Services.GetRequiredService<IEntityStore>().GetRepository<AuthUser, string>();
        pro.User!.Claims = "plan=pro";
        await users.UpdateAsync(pro.User);
        if (who is not null)
        {
            client.Token = await client.LoginForTokenAsync(who, Password);
        }

        var response = await client.GetAsync(path, r => r.Headers.Add("X-Day", "weekday"));

        Assert.Equal(expected, response.StatusCode);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal((int)expected, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
        }
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.NoContent)]
    [InlineData("moderator", HttpStatusCode.NoContent)]
    [InlineData("user", HttpStatusCode.Forbidden)]
    public async Task ResourceCheck_OnlyOwnerOrModeratorDeletesAPost(string who, HttpStatusCode expected)
    {
        using var client = await StartAsync();
        var auth = Services.GetRequiredService<AuthService>();
        await auth.RegisterAsync("owner", Password);
        await auth.RegisterAsync("moderator", Password, ["moderator"]);
        await auth.RegisterAsync("user", Password);
        client.Token = await client.LoginForTokenAsync(who, Password);

        var response = await client.SendAsync(HttpMethod.Delete, "/posts/1");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task FallbackPolicy_RequiresAuthenticationUnlessAnonymousIsAllowed()
    {
        using var client = await StartAsync(o => o.Authorization.RequireAuthenticatedUserByDefault());
        await RegisterAsync(client, "alice");

        var open = await client.GetAsync("/open");
        var members = await client.GetAsync("/members/public");

        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        client.Token = await client.LoginForTokenAsync("alice", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open")).StatusCode);
    }

    [Fact]
    public async Task AuthorizeAsync_Failure_ReturnsReasons()
    {
        using var client = await StartAsync();
        var service = Services.GetRequiredService<IAuthorizationService>();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        var result = await service.AuthorizeAsync(anonymous, new Post(1, "owner"), "EditPost");

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Failures);
    }

    [Fact]
    public async Task MapAuthEndpoints_Selection_MapsOnlyTheChosenEndpointsUnderTheirPrefix()
    {
        var host = await StartHostAsync(null, app => app.MapAuthEndpoints("/api/users", AuthEndpoints.Register | AuthEndpoints.Login));
        using var client = CreateClient(host);

        var register = await client.PostAsync("/api/users/register", new { userName = "alice", password = Password });
        var me = await client.GetAsync("/api/users/me");
        var old = await client.PostAsync("/auth/register", new { userName = "bob", password = Password });

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, me.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    protected IServiceProvider Services => _hosts[^1].Services;

    protected async Task<AuthClient> StartAsync(Action<AuthOptions>? configure = null)
    {
        var host = await StartHostAsync(configure, null);
        return CreateClient(host);
    }

    private AuthClient CreateClient(BackEndTestHost host) =>
        new(RealServer ? new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.ServerAddress } : host.CreateClient());

    private async Task<BackEndTestHost> StartHostAsync(Action<AuthOptions>? configure, Action<IApplicationBuilder>? routes, Action<IBackEndBuilder>? services = null)
    {
        Action<IBackEndBuilder> build = b =>
        {
            b.Services.AddSingleton<TimeProvider>(Time);
            b.ConfigureRouteHandlers(o => o.MaxJsonBodySize = BodyLimit);
            AddStorage(b);
            services?.Invoke(b);
            b.AddAuth(o =>
            {
                o.Passwords.BCryptWorkFactor = 4;

                // Refusals are answered at once here; RefusalHoldTests covers the delay, which waits for this manual clock.
                o.RefusalDelay = TimeSpan.Zero;
                o.Authorization.AddPolicy("Pro", p => p.RequireClaim("plan", "pro"));
                o.Authorization.AddPolicy("Weekday", p => p.RequireRole("admin").RequireAssertion(c => c.HttpContext?.Request.Headers["X-Day"].ToString() == "weekday"));
                o.Authorization.AddPolicy("EditPost", p => p.AddRequirements(new OwnerOrModeratorRequirement()));
                configure?.Invoke(o);
            });
            b.AddAuthorizationHandler<OwnerOrModeratorHandler>();
            b.Configure(app =>
            {
                if (routes is null)
                {
                    app.MapAuthEndpoints();
                    MapTestRoutes(app);
                }
                else
                {
                    routes(app);
                }
            });
        };
        // The AuthClient carries the cookies itself (to test them), so the host's client keeps none of its own.
        var host = RealServer
            ? await BackEndTestHost.StartServerAsync(build)
            : await BackEndTestHost.StartAsync(build, new BackEndTestHostOptions { UseCookies = false });
        _hosts.Add(host);
        return host;
    }

    private static void MapTestRoutes(IApplicationBuilder app)
    {
        app.MapGet("/open", () => "open");
        app.MapPost("/profile", (ClaimsPrincipal user, [FromForm] ProfileForm form) => $"{user.Identity!.Name}:{form.DisplayName}").RequireAuthorization();
        app.MapGet("/authed", (ClaimsPrincipal user) => user.Identity!.Name!).RequireAuthorization();
        app.MapGet("/admin", () => "admin").RequireRole("admin");
        app.MapGet("/pro", () => "pro").RequireAuthorization("Pro");
        app.MapGet("/weekday", () => "weekday").RequireAuthorization("Weekday");
        var members = app.MapGroup("/members").RequireAuthorization();
        members.MapGet("/list", () => "list");
        members.MapGet("/public", () => "public").AllowAnonymous();
        app.MapDelete("/posts/{id:int}", async (int id, ClaimsPrincipal user, IAuthorizationService authorization) =>
        {
            var post = new Post(id, "owner");
            var result = await authorization.AuthorizeAsync(user, post, "EditPost");
            return result.Succeeded ? Http.Results.NoContent() : Http.Results.Forbidden();
        }).RequireAuthorization();
    }

    /// <summary>A response's headers but Date, to compare two answers byte for byte.</summary>
    internal static Dictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

    private async Task<List<T>> AllAsync<T>()
        where T : class =>
        [.. (await Services.GetRequiredService<IEntityStore>().GetRepository<T, string>().QueryAsync(new StorageQuery().Take(1000))).Items];

    private static async Task RegisterAsync(AuthClient client, string userName)
    {
        var response = await client.PostAsync("/auth/register", new { userName, password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string?> ReadStringAsync(HttpResponseMessage response, string property) =>
        (await ReadJsonAsync(response)).GetProperty(property).GetString();

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
