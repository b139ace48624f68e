using BackEnd.Auth.Authorization;
using BackEnd.Auth.Authorization.Internal;
using BackEnd.Http;
using BackEnd.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Authenticates the request (bearer token, else session cookie), checks anti-forgery for unsafe cookie requests, then
/// enforces the endpoint's authorization metadata (or the fallback policy): 401 when anonymous, 403 when not allowed.
/// </summary>
internal sealed partial class AuthMiddleware(
    AuthService auth, DefaultAuthorizationService authorization, RateLimiter limiter, RefusalHold hold, IOptions<AuthOptions> options,
    ILogger<AuthMiddleware> logger)
{
    private readonly AuthOptions _options = options.Value;

    public ValueTask InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The common request carries no credential and reaches an endpoint that asks for none: it goes straight on, without a
        // state machine or a look at the store. Only POSTs are rate limited, and without an Authorization or Cookie header
        // there is nothing to authenticate, so the full path would end in the same call to next.
        var request = context.Request;
        if (request.Method != "POST" && request.Headers["Authorization"].Count == 0 && request.Headers["Cookie"].Count == 0
            && !NeedsAuthorization(context))
        {
            return next(context);
        }

        return AuthenticateThenInvokeAsync(context, next);
    }

    private async ValueTask AuthenticateThenInvokeAsync(HttpContext context, RequestDelegate next)
    {
        // First of all, before the body is read or a credential looked up: a refused request must cost as little as possible.
        if (FindRateLimit(context) is { } limit && await IsOverLimitAsync(context, limit).ConfigureAwait(false))
        {
            return;
        }

        var state = await AuthenticateAsync(context).ConfigureAwait(false);
        if (state is not null)
        {
            context.Items[AuthenticationState.Key] = state;
            context.User = AuthService.CreatePrincipal(state.User, state.Token is null ? "cookie" : "bearer", state.Token?.Scopes);
            if (state.Session is not null && !IsSafe(context.Request.Method) && context.GetEndpointMetadata<CsrfExemptMetadata>().Count == 0)
            {
                switch (await CheckCsrfAsync(context, state.RawSessionId!).ConfigureAwait(false))
                {
                    case CsrfVerdict.Answered:
                        return;
                    case CsrfVerdict.Rejected:
                        LogCsrfRejected(logger, context.Request.Method, context.Request.Path);
                        await Http.Results.Problem(
                            $"A request authenticated by the session cookie must carry the session's anti-forgery token in the {_options.CsrfHeaderName} header or the {_options.CsrfFormFieldName} form field (GET /auth/csrf gives it), or come from the same origin.",
                            statusCode: 403).ExecuteAsync(context).ConfigureAwait(false);
                        return;
                }
            }
        }

        if (!await AuthorizeAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static RateLimitMetadata? FindRateLimit(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.GetEndpoint() is not { } endpoint)
        {
            return null;
        }

        var metadata = endpoint.Metadata;
        for (var i = 0; i < metadata.Count; i++)
        {
            if (metadata[i] is RateLimitMetadata limit)
            {
                return limit;
            }
        }

        return null;
    }

    // Whether AuthorizeAsync would evaluate a policy; an indexed loop, as foreach over the interface allocates an enumerator.
    private bool NeedsAuthorization(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint)
        {
            return false;
        }

        var metadata = endpoint.Metadata;
        for (var i = 0; i < metadata.Count; i++)
        {
            switch (metadata[i])
            {
                case AllowAnonymousMetadata:
                    return false;
                case AuthorizationMetadata:
                    return true;
            }
        }

        return _options.Authorization.FallbackPolicy is not null;
    }

    private async ValueTask<bool> IsOverLimitAsync(HttpContext context, RateLimitMetadata limit)
    {
        var wait = await limiter.TryAcquireAsync(limit.Purpose, context.Connection.RemoteIpAddress, limit.PermitsPerMinute(_options), context.RequestAborted)
            .ConfigureAwait(false);
        if (wait is not { } retryAfter)
        {
            return false;
        }

        if (!await hold.WaitAsync(context).ConfigureAwait(false))
        {
            return true;
        }

        var response = context.Response;
        response.StatusCode = 429;
        response.Headers["Retry-After"] = AuthProblems.RetryAfterSeconds(retryAfter);
        response.ContentType = "application/problem+json";
        response.ContentLength = limit.Body.Length;
        await response.WriteAsync(limit.Body, context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    internal static bool IsSafe(string method) => method is "GET" or "HEAD" or "OPTIONS" or "TRACE";

    private async ValueTask<AuthenticationState?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers["Authorization"];
        if (header.Count == 1 && header[0] is { } value)
        {
            var scheme = _options.TokenScheme;
            if (value.Length > scheme.Length + 1 && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && value[scheme.Length] == ' ')
            {
                // A token that does not authenticate leaves the request anonymous; it never falls back to the cookie.
                return await auth.AuthenticateTokenAsync(value[(scheme.Length + 1)..].Trim(), context.RequestAborted).ConfigureAwait(false);
            }
        }

        return context.Request.Cookies[_options.SessionCookieName] is { } cookie
            ? await auth.AuthenticateSessionAsync(cookie, context.RequestAborted).ConfigureAwait(false)
            : null;
    }

    private async ValueTask<CsrfVerdict> CheckCsrfAsync(HttpContext context, string rawSessionId)
    {
        var request = context.Request;
        var headers = request.Headers;
        var expected = Secrets.CsrfToken(rawSessionId);
        if (headers[_options.CsrfHeaderName] is { Count: 1 } token && Secrets.FixedTimeEquals(token[0], expected))
        {
            return CsrfVerdict.Passed;
        }

        if (headers["Sec-Fetch-Site"] is { Count: 1 } site && string.Equals(site[0], "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return CsrfVerdict.Passed;
        }

        if (headers["Origin"] is { Count: 1 } origin && origin[0] is { } text
            && string.Equals(text, request.Scheme + "://" + request.Host, StringComparison.OrdinalIgnoreCase))
        {
            return CsrfVerdict.Passed;
        }

        // Last, an HTML form without JavaScript: the token as a hidden field. Only a URL-encoded body is read (once, cached
        // for the handler's binding); another media type cannot carry the field, so it stays rejected without reading.
        if (!request.HasFormContentType())
        {
            return CsrfVerdict.Rejected;
        }

        FormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            await Http.Results.Problem(exception.Message, statusCode: exception.StatusCode).ExecuteAsync(context).ConfigureAwait(false);
            return CsrfVerdict.Answered;
        }

        // Exactly one field: two could be one from the page and one an attacker appended, and which wins is ambiguous.
        return form[_options.CsrfFormFieldName] is { Count: 1 } field && Secrets.FixedTimeEquals(field[0], expected)
            ? CsrfVerdict.Passed
            : CsrfVerdict.Rejected;
    }

    private async ValueTask<bool> AuthorizeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return true;
        }

        List<AuthorizationPolicy>? policies = null;
        var items = endpoint.Metadata;
        for (var i = 0; i < items.Count; i++)
        {
            switch (items[i])
            {
                case AllowAnonymousMetadata:
                    return true;
                case AuthorizationMetadata metadata:
                    if (metadata.Policy is { } name)
                    {
                        (policies ??= []).Add(_options.Authorization.GetPolicy(name)
                            ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' requires the authorization policy '{name}', which is not registered; add it with AddAuth(o => o.Authorization.AddPolicy(\"{name}\", p => ...))."));
                    }
                    else if (metadata.Roles.Count > 0)
                    {
                        (policies ??= []).Add(new AuthorizationPolicy([new RolesRequirement(metadata.Roles)]));
                    }
                    else
                    {
                        (policies ??= []).Add(AuthorizationPolicy.AuthenticatedUser);
                    }

                    break;
            }
        }

        if (policies is null && _options.Authorization.FallbackPolicy is { } fallback)
        {
            policies = [fallback];
        }

        if (policies is null)
        {
            return true;
        }

        foreach (var policy in policies)
        {
            var result = await authorization.AuthorizeAsync(context.User, context, policy, context, context.RequestAborted).ConfigureAwait(false);
            if (result.Succeeded)
            {
                continue;
            }

            if (context.User.Identity?.IsAuthenticated != true)
            {
                await AuthProblems.UnauthorizedAsync(context, _options, "Authentication is required: sign in, or send a bearer token.").ConfigureAwait(false);
            }
            else
            {
                await Http.Results.Problem("You are signed in but not allowed to do this.", statusCode: 403).ExecuteAsync(context).ConfigureAwait(false);
            }

            return false;
        }

        return true;
    }

    private enum CsrfVerdict
    {
        Passed,
        Rejected,
        Answered,
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Rejected {Method} {Path}: cookie-authenticated without a valid anti-forgery token or same-origin proof")]
    private static partial void LogCsrfRejected(ILogger logger, string method, string path);
}
