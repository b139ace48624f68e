using System.Security.Claims;

namespace Conduit;

/// <summary>What every handler shares: who is calling, and the 422 shape.</summary>
internal static class Api
{
    public const string Blank = "can't be blank";
    public const string Taken = "has already been taken";

    /// <summary>The caller's auth user id, or the empty string when anonymous (never NULL, so SQL compares cleanly on every database).</summary>
    public static string Me(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "";

    public static IResult Invalid(string field, string message) => Invalid(new() { [field] = [message] });

    public static IResult Invalid(Dictionary<string, string[]> errors) => Results.Json(new ErrorsResponse(errors), statusCode: 422);

    public static void Require(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [Blank];
        }
    }

    /// <summary>For updates: a member sent (not null) must not be blank.</summary>
    public static void NotBlankIfSent(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (value is not null)
        {
            Require(errors, field, value);
        }
    }
}
