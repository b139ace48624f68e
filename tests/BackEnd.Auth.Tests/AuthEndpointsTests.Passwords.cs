using System.Net;
using System.Text;
using BackEnd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary>The public password API (<see cref="AuthService.PasswordSignInAsync"/>, change and set password) on every provider.</summary>
public abstract partial class AuthEndpointsTests
{
    private AuthService Auth => Services.GetRequiredService<AuthService>();

    private IRepository<AuthUser, string> Users => Services.GetRequiredService<IEntityStore>().GetRepository<AuthUser, string>();

    [Fact]
    public async Task PasswordSignIn_RightPasswordAnySpellingOfTheName_SucceedsWithTheAccount()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "Alice");

        var result = await Auth.PasswordSignInAsync(" ALICE ", Password);

        Assert.Equal(PasswordSignInStatus.Succeeded, result.Status);
        Assert.Equal("alice", result.User!.Id);
        Assert.Equal(Time.GetUtcNow(), result.User.LastSignInAt);
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("alice", "")]
    [InlineData("alice", null)]
    [InlineData("alice", "violet-harbor-4")]
    [InlineData("alice", "VIOLET-HARBOR-42")]
    [InlineData("nobody", Password)]
    [InlineData("", Password)]
    [InlineData(null, Password)]
    [InlineData("al\u0000ice", Password)]
    [InlineData("alice' OR '1'='1", Password)]
    public async Task PasswordSignIn_WrongPasswordOrUnknownName_FailsWithoutTheAccount(string? userName, string? password)
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");

        var result = await Auth.PasswordSignInAsync(userName, password);

        Assert.Equal(PasswordSignInStatus.Failed, result.Status);
        Assert.Null(result.User);
        Assert.Equal(TimeSpan.Zero, result.RetryAfter);
    }

    [Fact]
    public async Task PasswordSignIn_LongerThan72BytesWithTheRightPrefix_FailsInsteadOfTruncating()
    {
        using var client = await StartAsync(o => o.Passwords.MaximumLength = 128);
        var password = new string('p', 60) + "-exactly-72!";
        Assert.Equal(72, Encoding.UTF8.GetByteCount(password));
        Assert.True((await Auth.RegisterAsync("alice", password)).Succeeded);

        var longer = await Auth.PasswordSignInAsync("alice", password + "x");
        var huge = await Auth.PasswordSignInAsync("alice", password + new string('x', 1_000_000));
        var exact = await Auth.PasswordSignInAsync("alice", password);

        Assert.Equal(PasswordSignInStatus.Failed, longer.Status);
        Assert.Equal(PasswordSignInStatus.Failed, huge.Status);
        Assert.Equal(PasswordSignInStatus.Succeeded, exact.Status);
    }

    [Fact]
    public async Task PasswordSignIn_ComposedDecomposedOrCompatibilityForm_AllMatch()
    {
        using var client = await StartAsync();
        const string composed = "caf\u00e9-ol\u00e9-\u00c5ngstr\u00f6m";
        Assert.True((await Auth.RegisterAsync("alice", composed)).Succeeded);

        var decomposed = await Auth.PasswordSignInAsync("alice", composed.Normalize(NormalizationForm.FormD));
        var fullwidth = await Auth.PasswordSignInAsync("alice", composed.Replace("-", "\uff0d", StringComparison.Ordinal));
        var other = await Auth.PasswordSignInAsync("alice", composed.Replace("\u00e9", "e", StringComparison.Ordinal));

        Assert.Equal(PasswordSignInStatus.Succeeded, decomposed.Status);
        Assert.Equal(PasswordSignInStatus.Succeeded, fullwidth.Status);
        Assert.Equal(PasswordSignInStatus.Failed, other.Status);
    }

    [Fact]
    public async Task PasswordSignIn_HashOfTheTextAsTypedBeforeNormalization_VerifiesAndIsUpgraded()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        var typed = "cafe\u0301-ole\u0301-42";
        var user = (await Users.GetAsync("alice"))!;
        user.PasswordHash = BCrypt.Net.BCrypt.HashPassword(typed, BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));
        await Users.UpdateAsync(user);

        var result = await Auth.PasswordSignInAsync("alice", typed);

        Assert.Equal(PasswordSignInStatus.Succeeded, result.Status);
        var stored = (await Users.GetAsync("alice"))!.PasswordHash;
        Assert.True(BCrypt.Net.BCrypt.Verify(typed.Normalize(NormalizationForm.FormKC), stored));
        Assert.False(BCrypt.Net.BCrypt.Verify(typed, stored));
    }

    [Fact]
    public async Task PasswordSignIn_WorkFactorRaised_ReplacesTheHashOnce()
    {
        using var client = await StartAsync(o => o.Passwords.BCryptWorkFactor = 5);
        await RegisterAsync(client, "alice");
        var user = (await Users.GetAsync("alice"))!;
        user.PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, BCrypt.Net.BCrypt.GenerateSalt(4, 'a'));
        await Users.UpdateAsync(user);

        var first = await Auth.PasswordSignInAsync("alice", Password);
        var upgraded = (await Users.GetAsync("alice"))!.PasswordHash;
        var second = await Auth.PasswordSignInAsync("alice", Password);

        Assert.True(first.Succeeded);
        Assert.StartsWith("$2b$05$", upgraded, StringComparison.Ordinal);
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, upgraded));
        Assert.True(second.Succeeded);
        Assert.Equal(upgraded, (await Users.GetAsync("alice"))!.PasswordHash);
    }

    [Fact]
    public async Task PasswordSignIn_AlgorithmChangedToPbkdf2_ReplacesTheBcryptHash()
    {
        using var client = await StartAsync(o =>
        {
            o.Passwords.Algorithm = PasswordHashAlgorithm.Pbkdf2Sha512;
            o.Passwords.Pbkdf2Iterations = 210_000;
        });
        await RegisterAsync(client, "alice");
        var user = (await Users.GetAsync("alice"))!;
        user.PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));
        await Users.UpdateAsync(user);

        var result = await Auth.PasswordSignInAsync("alice", Password);

        Assert.True(result.Succeeded);
        Assert.StartsWith("$pbkdf2-sha512$i=210000$", (await Users.GetAsync("alice"))!.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordSignIn_FiveFailures_LocksEvenTheRightPasswordOutThenASuccessClearsTheCount()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(PasswordSignInStatus.Failed, (await Auth.PasswordSignInAsync("alice", "wrong-password")).Status);
        }

        Assert.True((await Auth.PasswordSignInAsync("alice", Password)).Succeeded);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PasswordSignInStatus.Failed, (await Auth.PasswordSignInAsync("alice", "wrong-password")).Status);
        }

        var locked = await Auth.PasswordSignInAsync("ALICE", Password);

        Assert.Equal(PasswordSignInStatus.LockedOut, locked.Status);
        Assert.Null(locked.User);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.RetryAfter);
    }

    [Fact]
    public async Task PasswordSignIn_ByEmail_FindsTheAccountAndSharesItsLockout()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        var user = (await Users.GetAsync("alice"))!;
        user.Email = "alice@example.com";
        await Users.UpdateAsync(user);

        var byEmail = await Auth.PasswordSignInAsync(" alice@example.com ", Password);
        var unknown = await Auth.PasswordSignInAsync("bob@example.com", Password);
        for (var i = 0; i < 5; i++)
        {
            await Auth.PasswordSignInAsync("alice@example.com", "wrong-password");
        }

        Assert.Equal("alice", byEmail.User?.Id);
        Assert.Equal(PasswordSignInStatus.Failed, unknown.Status);
        Assert.Equal(PasswordSignInStatus.LockedOut, (await Auth.PasswordSignInAsync("alice", Password)).Status);
    }

    [Fact]
    public async Task PasswordSignIn_BurstAtOneName_VerifiesNoMoreThanTheLockoutThreshold()
    {
        using var client = await StartAsync(o => o.LockoutThreshold = 3);
        await RegisterAsync(client, "alice");
        Assert.Equal(PasswordSignInStatus.Failed, (await Auth.PasswordSignInAsync("alice", "wrong-password")).Status);

        // All 40 are started before the first hash ends, so each passes the lockout check unless attempts in flight count.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Auth.PasswordSignInAsync("Alice", "wrong-password")));

        var verified = results.Count(r => r.Status == PasswordSignInStatus.Failed);
        Assert.InRange(verified, 1, 2);
        Assert.All(results.Where(r => r.Status != PasswordSignInStatus.Failed), r =>
        {
            Assert.Equal(PasswordSignInStatus.LockedOut, r.Status);
            Assert.InRange(r.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        });
    }

    [Fact]
    public async Task PasswordSignIn_AttemptsBelowTheThreshold_AllVerifiedAndTheirPlacesFreed()
    {
        using var client = await StartAsync(o => o.LockoutThreshold = 5);
        await RegisterAsync(client, "alice");

        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Auth.PasswordSignInAsync("alice", "wrong-password")));
        var right = await Auth.PasswordSignInAsync("alice", Password);
        var second = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Auth.PasswordSignInAsync("alice", "wrong-password")));

        Assert.All(first, r => Assert.Equal(PasswordSignInStatus.Failed, r.Status));
        Assert.True(right.Succeeded);
        Assert.All(second, r => Assert.Equal(PasswordSignInStatus.Failed, r.Status));
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentOrRefusedNew_ChangesNothing()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        var before = (await Users.GetAsync("alice"))!;

        var wrong = await Auth.ChangePasswordAsync("alice", "wrong-password", "amber-lantern-77");
        var empty = await Auth.ChangePasswordAsync("alice", "", "amber-lantern-77");
        var common = await Auth.ChangePasswordAsync("alice", Password, "password123");
        var tooLong = await Auth.ChangePasswordAsync("alice", Password, new string('é', 40));

        Assert.Equal(["currentPassword"], wrong.Errors.Keys);
        Assert.Equal(["currentPassword"], empty.Errors.Keys);
        Assert.Equal(["newPassword"], common.Errors.Keys);
        Assert.Equal(["newPassword"], tooLong.Errors.Keys);
        var after = (await Users.GetAsync("alice"))!;
        Assert.Equal((before.PasswordHash, before.SecurityStamp), (after.PasswordHash, after.SecurityStamp));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Auth.ChangePasswordAsync("nobody", Password, "amber-lantern-77"));
    }

    [Fact]
    public async Task ChangePassword_RightCurrent_NewPasswordWorksAndEverySessionAndTokenEnds()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var (token, _) = await Auth.CreateTokenAsync("alice", "cli");

        var result = await Auth.ChangePasswordAsync("alice", Password, "amber-lantern-77");

        Assert.True(result.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(token))).StatusCode);
        Assert.Equal(PasswordSignInStatus.Failed, (await Auth.PasswordSignInAsync("alice", Password)).Status);
        Assert.True((await Auth.PasswordSignInAsync("alice", "amber-lantern-77")).Succeeded);
    }

    [Fact]
    public async Task SetPassword_NoCurrentPassword_ChecksPolicyAndEndsEveryToken()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        var (token, _) = await Auth.CreateTokenAsync("alice", "cli");

        var refused = await Auth.SetPasswordAsync("alice", "alice");
        var set = await Auth.SetPasswordAsync("alice", "amber-lantern-77");

        Assert.Equal(["newPassword"], refused.Errors.Keys);
        Assert.True(set.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(token))).StatusCode);
        Assert.True((await Auth.PasswordSignInAsync("alice", "amber-lantern-77")).Succeeded);
    }

    [Fact]
    public async Task Login_OverThePerIpLimit_Answers429BeforeReadingTheBody()
    {
        using var client = await StartAsync(o => o.LoginPermitsPerMinute = 1);
        await client.PostAsync("/auth/login", new { userName = "u", password = "wrong-password" });

        var malformed = await client.PostAsync("/auth/login", null, Raw("{not json", "application/json"));
        var oversized = await client.PostAsync("/auth/login", null, Raw("{\"userName\":\"" + new string('a', (int)BodyLimit * 2) + "\"}", "application/json"));
        var wrongType = await client.PostAsync("/auth/login", null, Raw("userName=u", "text/plain"));

        foreach (var response in new[] { malformed, oversized, wrongType })
        {
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(429, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Token_StampChangedOnAnotherNode_NewTokenAcceptedOldRefusedDespiteTheCachedAccount()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        var (old, _) = await Auth.CreateTokenAsync("alice", "cli");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(old))).StatusCode);

        // Another node's password change: the stamp moves in the store, this node's cached copy is not told.
        var user = (await Users.GetAsync("alice"))!;
        user.SecurityStamp = "stamp-set-by-another-node";
        await Users.UpdateAsync(user);
        var (issuedAfter, _) = await Auth.CreateTokenAsync("alice", "other-node");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/authed", Bearer(issuedAfter))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/authed", Bearer(old))).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task Token_RolesWrittenToTheStoreDirectly_SeenOnceTheCachedCopyExpires(int cacheMilliseconds)
    {
        using var client = await StartAsync(o => o.UserCacheDuration = TimeSpan.FromMilliseconds(cacheMilliseconds));
        await RegisterAsync(client, "alice");
        var (token, _) = await Auth.CreateTokenAsync("alice", "cli");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin", Bearer(token))).StatusCode);

        var user = (await Users.GetAsync("alice"))!;
        user.Roles = "admin";
        await Users.UpdateAsync(user);
        var before = (await client.GetAsync("/admin", Bearer(token))).StatusCode;
        Time.Advance(TimeSpan.FromMilliseconds(cacheMilliseconds + 1));
        var after = (await client.GetAsync("/admin", Bearer(token))).StatusCode;

        Assert.Equal(cacheMilliseconds == 0 ? HttpStatusCode.OK : HttpStatusCode.Forbidden, before);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

    private static Action<HttpRequestMessage> Raw(string body, string mediaType) => r => r.Content = new StringContent(body, Encoding.UTF8, mediaType);
}
