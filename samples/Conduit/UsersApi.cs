using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Conduit;

/// <summary>Registration, sign-in, the current user and profiles. Accounts and tokens are BackEnd.Auth's; the public profile is this app's <c>users</c> row, keyed by the auth user id.</summary>
internal sealed partial class UsersApi
{
    private const string ProfileSql = """
        SELECT u.id, u.username, u.email, u.bio, u.image,
               EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @me AND f.followee_id = u.id) AS following
        FROM users u WHERE
        """;

    private readonly ILogger<UsersApi> _logger;

    private UsersApi(ILogger<UsersApi> logger) => _logger = logger;

    public static void Map(IEndpointRouteBuilder api)
    {
        var services = api.ServiceProvider;
        var users = new UsersApi(services.GetRequiredService<ILogger<UsersApi>>());
        api.MapPost("/users", users.RegisterAsync).WithOperationId("CreateUser");
        api.MapPost("/users/login", users.LoginAsync).WithOperationId("Login");
        api.MapGet("/user", CurrentAsync).RequireAuthorization().WithOperationId("GetCurrentUser");
        api.MapPut("/user", users.UpdateAsync).RequireAuthorization().WithOperationId("UpdateCurrentUser");
        api.MapGet("/profiles/{username}", ProfileAsync).WithOperationId("GetProfileByUsername");
        api.MapPost("/profiles/{username}/follow", (string username, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
            FollowAsync(username, user, db, follow: true, ct)).RequireAuthorization().WithOperationId("FollowUserByUsername");
        api.MapDelete("/profiles/{username}/follow", (string username, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
            FollowAsync(username, user, db, follow: false, ct)).RequireAuthorization().WithOperationId("UnfollowUserByUsername");
    }

    internal static ValueTask<ProfileRow?> FindByNameAsync(ISqlExecutor db, string me, string username, CancellationToken ct) =>
        db.QueryFirstOrDefaultAsync<ProfileRow>(ProfileSql + " u.username = @username", new { me, username }, ct);

    // Blank fields were answered 422 by the binder (the requests' Validate methods); format and uniqueness are checked here.
    private async Task<IResult> RegisterAsync(NewUserRequest request, AuthService auth, ISqlDatabase db, CancellationToken ct)
    {
        var user = request.User!;
        var errors = new Dictionary<string, string[]>();
        var (username, email) = (user.Username!.Trim(), user.Email!.Trim().ToLowerInvariant());
        if (!await CheckAsync(db, errors, "", username, email, ct))
        {
            return Api.Invalid(errors);
        }

        // The account's name is an opaque id, so the public username can change without touching the account.
        var registered = await auth.RegisterAsync(Guid.CreateVersion7().ToString("N"), user.Password!, cancellationToken: ct);
        if (registered.User is not { } account)
        {
            return Api.Invalid(registered.Errors.ToDictionary(e => e.Key, e => e.Value));
        }

        try
        {
            await db.ExecuteAsync("INSERT INTO users (id, username, email, profile_json) VALUES (@id, @username, @email, @profileJson)",
                new { id = account.Id, username, email, profileJson = Rendered.Profile(username, null, null) }, ct);
        }
        catch (DuplicateKeyException)
        {
            // Another registration took the name or address since the check.
            await db.GetRepository<AuthUser, string>().DeleteAsync(account.Id, account.Version, ct);
            await CheckAsync(db, errors, "", username, email, ct);
            return Api.Invalid(errors.Count > 0 ? errors : new() { ["username"] = [Api.Taken] });
        }

        var (token, _) = await auth.CreateTokenAsync(account.UserName, "conduit", cancellationToken: ct);
        LogRegistered(_logger, username, account.Id);
        return Results.Json(new UserResponse(new UserDto(email, token, username, null, null)), statusCode: 201);
    }

    private async Task<IResult> LoginAsync(LoginRequest request, HttpContext context, AuthService auth, ISqlDatabase db, CancellationToken ct)
    {
        var (email, password) = (request.User!.Email!.Trim().ToLowerInvariant(), request.User.Password!);
        var profile = await db.QueryFirstOrDefaultAsync<ProfileRow>(ProfileSql + " u.email = @email", new { me = "", email }, ct);

        // BackEnd.Auth checks the password, counts failures toward lockout and upgrades old hashes. An unknown address signs in
        // under a name no account has (account names are opaque ids), so it does the same work and counts toward its own lockout.
        var signIn = await auth.PasswordSignInAsync(profile?.Id ?? UnknownAccountName(email), password, ct);
        if (signIn.Status == PasswordSignInStatus.LockedOut)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(signIn.RetryAfter.TotalSeconds));
            context.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new ErrorsResponse(new Dictionary<string, string[]> { ["email or password"] = [$"is locked after too many failed sign-ins; try again in {seconds} s"] }), statusCode: 429);
        }

        if (signIn.User is not { } account)
        {
            LogSignInFailed(_logger);
            return Results.Json(new ErrorsResponse(new Dictionary<string, string[]> { ["email or password"] = ["is invalid"] }), statusCode: 401);
        }

        var (token, _) = await auth.CreateTokenAsync(account.UserName, "conduit", cancellationToken: ct);
        return Results.Ok(new UserResponse(new UserDto(profile!.Email, token, profile.Username, profile.Bio, profile.Image)));
    }

    // The answer is the stored profile JSON (migration 0004) with the address and the token in front: no row mapped per member,
    // nothing serialised but two strings.
    private static async Task<IResult> CurrentAsync(HttpContext context, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
        await db.QueryFirstOrDefaultAsync<CurrentRow>("SELECT email, profile_json FROM users WHERE id = @me", new { me = Api.Me(user) }, ct) is { } me
            ? Results.Text($"{{\"user\":{{\"email\":{Rendered.Quote(me.Email)},\"token\":{Rendered.Quote(TokenOf(context))},{me.ProfileJson[1..]}}}}}", "application/json; charset=utf-8")
            : Results.NotFound();

    private async Task<IResult> UpdateAsync(
        UpdateUserRequest request, HttpContext context, ClaimsPrincipal user, AuthService auth, ISqlDatabase db, CancellationToken ct)
    {
        var change = request.User!;
        var errors = new Dictionary<string, string[]>();
        if (change.Password is { Length: < 8 or > 128 })
        {
            errors["password"] = ["must be 8 to 128 characters"];
        }
        else if (change.Password is { } password && auth.ValidatePassword(password) is { Count: > 0 } refused)
        {
            // Checked before anything is written, so a refused password leaves the profile as it was.
            errors["password"] = [.. refused];
        }

        var id = Api.Me(user);
        var current = await db.QueryFirstOrDefaultAsync<ProfileRow>(ProfileSql + " u.id = @me", new { me = id }, ct);
        if (current is null)
        {
            return Results.NotFound();
        }

        var username = change.Username?.Trim() ?? current.Username;
        var email = change.Email?.Trim().ToLowerInvariant() ?? current.Email;
        if (errors.Count > 0 || !await CheckAsync(db, errors, id, username, email, ct))
        {
            return Api.Invalid(errors);
        }

        var (bio, image) = (Clear(change.Bio, current.Bio), Clear(change.Image, current.Image));
        try
        {
            await db.ExecuteAsync(
                "UPDATE users SET username = @username, email = @email, bio = @bio, image = @image, profile_json = @profileJson WHERE id = @id",
                new { id, username, email, bio, image, profileJson = Rendered.Profile(username, bio, image) }, ct);
        }
        catch (DuplicateKeyException)
        {
            await CheckAsync(db, errors, id, username, email, ct);
            return Api.Invalid(errors.Count > 0 ? errors : new() { ["username"] = [Api.Taken] });
        }

        var token = TokenOf(context);
        if (change.Password is { } newPassword)
        {
            // RealWorld's PUT /user sends no current password: the token proved who this is. The change ends every session
            // and token of the account, so the answer carries a fresh one.
            var changed = await auth.SetPasswordAsync(id, newPassword, ct);
            if (changed.User is not { } account)
            {
                return Api.Invalid(new() { ["password"] = [.. changed.Errors.Values.SelectMany(e => e)] });
            }

            (token, _) = await auth.CreateTokenAsync(account.UserName, "conduit", cancellationToken: ct);
        }

        LogUpdated(_logger, username, id);
        return Results.Ok(new UserResponse(new UserDto(email, token, username, bio, image)));
    }

    private static async Task<IResult> ProfileAsync(string username, ClaimsPrincipal user, ISqlDatabase db, CancellationToken ct) =>
        await FindByNameAsync(db, Api.Me(user), username, ct) is { } profile ? Results.Ok(new ProfileResponse(profile.ToDto())) : Results.NotFound();

    private static async Task<IResult> FollowAsync(string username, ClaimsPrincipal user, ISqlDatabase db, bool follow, CancellationToken ct)
    {
        var me = Api.Me(user);
        if (await FindByNameAsync(db, me, username, ct) is not { } profile)
        {
            return Results.NotFound();
        }

        if (profile.Id == me)
        {
            return Api.Invalid("username", "is you: you cannot follow yourself");
        }

        await db.ExecuteAsync(
            follow
                ? "INSERT INTO follows (follower_id, followee_id) VALUES (@me, @id) ON CONFLICT DO NOTHING"
                : "DELETE FROM follows WHERE follower_id = @me AND followee_id = @id",
            new { me, id = profile.Id }, ct);
        return Results.Ok(new ProfileResponse(profile.ToDto() with { Following = follow }));
    }

    /// <summary>Adds "has already been taken" for a username or email another user has; false when it added any.</summary>
    private static async Task<bool> CheckAsync(ISqlDatabase db, Dictionary<string, string[]> errors, string me, string username, string email, CancellationToken ct)
    {
        if (username.Length > 64 || username.Any(char.IsControl) || username.Contains('/', StringComparison.Ordinal))
        {
            errors["username"] = ["must be 1 to 64 characters, without '/' or control characters"];
        }

        if (email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@') || email.Any(char.IsWhiteSpace))
        {
            errors["email"] = ["is invalid"];
        }

        var others = await db.QueryAsync<ProfileRow>(
            ProfileSql + " (u.username = @username OR u.email = @email) AND u.id <> @me", new { me, username, email }, ct);
        foreach (var other in others)
        {
            if (other.Username == username)
            {
                errors["username"] = [Api.Taken];
            }

            if (other.Email == email)
            {
                errors["email"] = [Api.Taken];
            }
        }

        return errors.Count == 0;
    }

    /// <summary>A stable account name for an address nobody registered: 32 hex digits like a real one, never equal to one (those are UUIDv7s).</summary>
    private static string UnknownAccountName(string email) => "x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)))[..31];

    private static string? Clear(string? sent, string? current) => sent is null ? current : sent.Length == 0 ? null : sent;

    private static string TokenOf(HttpContext context) => context.Request.Headers["Authorization"].ToString() is { } header
        && header.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? header[(space + 1)..].Trim() : "";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Registered {Username} as account {AccountId}")]
    private static partial void LogRegistered(ILogger logger, string username, string accountId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Failed sign-in")]
    private static partial void LogSignInFailed(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Updated {Username} (account {AccountId})")]
    private static partial void LogUpdated(ILogger logger, string username, string accountId);
}
