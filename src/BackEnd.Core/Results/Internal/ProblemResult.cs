using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

internal sealed class ProblemResult(ProblemDetails problem) : IResult
{
    public ProblemDetails Problem { get; } = problem;

    public ValueTask ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, Problem);
}
