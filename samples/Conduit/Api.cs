using System.ComponentModel.DataAnnotations;
using System.Security.Claims;

namespace Conduit;

/// <summary>What every handler shares: who is calling, and the 422 shape.</summary>
internal static class Api
{
    public const string Taken = "has already been taken";

    /// <summary>The caller's auth user id, or the empty string when anonymous (never NULL, so SQL compares cleanly on every database).</summary>
    public static string Me(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "";

    public static IResult Invalid(string field, string message) => Invalid(new() { [field] = [message] });

    public static IResult Invalid(Dictionary<string, string[]> errors) => Results.Json(new ErrorsResponse(errors), statusCode: 422);

    /// <summary>"can't be blank" for each field that is missing or blank; with <paramref name="sentOnly"/> (updates) only for those sent.</summary>
    public static IEnumerable<ValidationResult> Blank(bool sentOnly, params (string Field, string? Value)[] fields) => fields
        .Where(f => string.IsNullOrWhiteSpace(f.Value) && !(sentOnly && f.Value is null))
        .Select(f => new ValidationResult("can't be blank", [f.Field]));
}
