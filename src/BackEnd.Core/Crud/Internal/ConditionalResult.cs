using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;

namespace BackEnd.Crud.Internal;

/// <summary>A JSON result that evaluates If-Match and If-None-Match (RFC 9110 §13.2.2 order) against its own tag before writing.</summary>
internal sealed class ConditionalResult<T>(T value, string tag) : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = httpContext.Request;
        var response = httpContext.Response;
        response.Headers["ETag"] = tag;
        if (request.Headers.TryGetValue("If-Match", out var ifMatch) && !EntityTags.IfMatchPasses(ifMatch, tag))
        {
            return ProblemWriter.WriteAsync(httpContext, 412, "If-Match does not name the current version; read it again and retry with its ETag.");
        }

        if (request.Headers.TryGetValue("If-None-Match", out var ifNoneMatch) && EntityTags.IfNoneMatchMatches(ifNoneMatch, tag))
        {
            var safe = request.Method is "GET" or "HEAD";
            return safe
                ? ResponseWriter.WriteStatusAsync(httpContext, 304)
                : ProblemWriter.WriteAsync(httpContext, 412, "If-None-Match names the current version.");
        }

        return ResponseWriter.WriteJsonAsync(httpContext, value, 200, null);
    }
}
