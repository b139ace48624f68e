using BackEnd.Http;
using BackEnd.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>The handlers behind <c>MapAuthEndpoints</c>.</summary>
internal sealed class AuthEndpointHandlers(IServiceProvider services)
{
    private readonly AuthService _auth = services.GetRequiredService<AuthService>();
    private readonly AuthOptions _options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
    private readonly RefusalHold _hold = services.GetRequiredService<RefusalHold>();

    public static readonly RateLimitMetadata RegisterLimit =
        new("register", static o => o.RegisterPermitsPerMinute, "Too many registrations from this address; try again later.");

    public static readonly RateLimitMetadata LoginLimit =
        new("login", static o => o.LoginPermitsPerMinute, "Too many sign-in attempts from this address; try again later.");

    public async Task<IResult> RegisterAsync(CredentialsRequest body, HttpContext context)
    {
        var result = await _auth.RegisterAsync(body.UserName, body.Password, null, context.RequestAborted).ConfigureAwait(false);
        if (result.NameTaken)
        {
            return Http.Results.Conflict("The user name is already taken.");
        }

        return result.User is { } user
            ? Http.Results.Created<RegisteredResponse>(null, new RegisteredResponse(user.UserName))
            : Http.Results.ValidationProblem(result.Errors, "The registration does not meet the user name or password policy.");
    }

    public async Task<IResult> LoginAsync(CredentialsRequest body, HttpContext context)
    {
        var outcome = await _auth.PasswordSignInAsync(body.UserName, body.Password, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Status == PasswordSignInStatus.LockedOut)
        {
            // Held like the per-IP refusal: guesses at a locked name must not loop faster than the delay either.
            return await _hold.WaitAsync(context).ConfigureAwait(false)
                ? AuthProblems.LockedOut(context, outcome.RetryAfter)
                : Http.Results.Empty;
        }

        if (outcome.User is not { } user)
        {
            return AuthProblems.SignInFailed(context, _options);
        }

        if (body.Token)
        {
            var (token, expiresAt) = await _auth.CreateTokenAsync(user, "login", null, null, context.RequestAborted).ConfigureAwait(false);
            return Http.Results.Ok(new TokenResponse(token, expiresAt));
        }

        // Never keep a session id the client brought: a new one at every sign-in (no fixation).
        if (context.Request.Cookies[_options.SessionCookieName] is { } old)
        {
            await _auth.DeleteSessionAsync(old, context.RequestAborted).ConfigureAwait(false);
        }

        var session = await _auth.CreateSessionAsync(user, context.RequestAborted).ConfigureAwait(false);
        SetSessionCookie(context, session);
        return Http.Results.Ok(new UserResponse(user.UserName, user.RoleList));
    }

    public async Task<IResult> LogoutAsync(HttpContext context)
    {
        var state = GetState(context);
        if (state?.Token is { } token)
        {
            await _auth.DeleteTokenAsync(token, context.RequestAborted).ConfigureAwait(false);
        }
        else if (context.Request.Cookies[_options.SessionCookieName] is { } raw)
        {
            await _auth.DeleteSessionAsync(raw, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.Cookies.Delete(_options.SessionCookieName, CookieOptions(context));
        return Http.Results.NoContent();
    }

    public static IResult Me(HttpContext context) =>
        GetState(context) is { } state
            ? Http.Results.Ok(new UserResponse(state.User.UserName, state.User.RoleList))
            : Http.Results.Unauthorized();

    public async Task<IResult> ChangePasswordAsync(ChangePasswordRequest body, HttpContext context)
    {
        if (GetState(context) is not { } state)
        {
            return Http.Results.Unauthorized();
        }

        var (errors, newSession, revoked) = await _auth.ChangeOwnPasswordAsync(state, body.CurrentPassword, body.NewPassword, context.RequestAborted).ConfigureAwait(false);
        if (revoked)
        {
            return Http.Results.Unauthorized();
        }

        if (errors is not null)
        {
            return Http.Results.ValidationProblem(errors, "The password was not changed.");
        }

        if (newSession is not null)
        {
            SetSessionCookie(context, newSession);
        }

        return Http.Results.NoContent();
    }

    public static IResult Csrf(HttpContext context) =>
        GetState(context)?.RawSessionId is { } raw
            ? Http.Results.Ok(new CsrfResponse(Secrets.CsrfToken(raw)))
            : Http.Results.BadRequest("Only cookie sessions need an anti-forgery token; bearer-token requests are exempt.");

    private static AuthenticationState? GetState(HttpContext context) =>
        context.Items.TryGetValue(AuthenticationState.Key, out var value) ? value as AuthenticationState : null;

    private void SetSessionCookie(HttpContext context, string session)
    {
        var options = CookieOptions(context);
        options.MaxAge = _options.SessionAbsoluteExpiration;
        context.Response.Cookies.Append(_options.SessionCookieName, session, options);
    }

    private CookieOptions CookieOptions(HttpContext context) => new()
    {
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = _options.AlwaysSecureCookie || context.Request.IsHttps,
    };
}
