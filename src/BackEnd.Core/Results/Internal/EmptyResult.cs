using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

internal sealed class EmptyResult : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext) => default;
}
