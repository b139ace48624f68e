using System.Security.Claims;

namespace Shop;

/// <summary>Who is calling, as BackEnd.Auth put it on the request.</summary>
internal static class ShopUser
{
    /// <summary>The role that edits the catalog and sees every order.</summary>
    public const string AdminRole = "admin";

    /// <summary>The signed-in user's id; only called behind <c>RequireAuthorization()</c>.</summary>
    public static string UserId(this HttpContext context) =>
        context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value
        ?? throw new InvalidOperationException("This endpoint must require a signed-in user.");

    /// <summary>The signed-in user's id, or null when anonymous.</summary>
    public static string? UserIdOrNull(this HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value : null;
}
