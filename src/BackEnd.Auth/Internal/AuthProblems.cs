using System.Globalization;
using BackEnd.Http;
using BackEnd.HttpResults;

namespace BackEnd.Auth.Internal;

/// <summary>The problem responses of auth, so every path answers alike.</summary>
internal static class AuthProblems
{
    // A constant body (no trace id), so an unknown user and a wrong password are answered byte for byte alike.
    public const string SignInFailedBody =
        """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"The user name or password is incorrect."}""";

    public static IResult SignInFailed(HttpContext context, AuthOptions options)
    {
        context.Response.Headers["WWW-Authenticate"] = options.TokenScheme;
        return Http.Results.Text(SignInFailedBody, "application/problem+json", 401);
    }

    // Constant too: a locked name is what a flood of guesses meets, so its answer costs no serialization.
    private const string LockedOutBody =
        """{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":"Too Many Requests","status":429,"detail":"Too many failed sign-ins for this user name; try again later."}""";

    public static IResult LockedOut(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers["Retry-After"] = RetryAfterSeconds(retryAfter);
        return Http.Results.Text(LockedOutBody, "application/problem+json", 429);
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static ValueTask UnauthorizedAsync(HttpContext context, AuthOptions options, string detail)
    {
        context.Response.Headers["WWW-Authenticate"] = options.TokenScheme;
        return Http.Results.Problem(detail, statusCode: 401).ExecuteAsync(context);
    }
}
