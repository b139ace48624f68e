using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

internal sealed class TextResult(string content, string? contentType, int statusCode) : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext) =>
        ResponseWriter.WriteTextAsync(httpContext, content, statusCode, contentType);
}
