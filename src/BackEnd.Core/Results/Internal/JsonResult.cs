using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

internal sealed class JsonResult<T>(T value, int statusCode, string? contentType) : IResult
{
    public T Value { get; } = value;

    public int StatusCode { get; } = statusCode;

    public ValueTask ExecuteAsync(HttpContext httpContext) =>
        ResponseWriter.WriteJsonAsync(httpContext, Value, StatusCode, contentType);
}
