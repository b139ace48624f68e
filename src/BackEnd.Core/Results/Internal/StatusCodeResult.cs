using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

/// <summary>A bare status; error statuses get a problem body so every framework-made error looks the same.</summary>
internal sealed class StatusCodeResult(int statusCode) : IResult
{
    public static readonly StatusCodeResult Ok = new(200);
    public static readonly StatusCodeResult NoContent = new(204);

    public int StatusCode { get; } = statusCode;

    public ValueTask ExecuteAsync(HttpContext httpContext) =>
        StatusCode >= 400 ? ProblemWriter.WriteAsync(httpContext, StatusCode) : ResponseWriter.WriteStatusAsync(httpContext, StatusCode);
}
