using BackEnd.Http;

namespace BackEnd.Results.Internal;

internal sealed class EmptyResult : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext) => default;
}
