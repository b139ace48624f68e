using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

internal sealed class RedirectResult(string url, bool permanent, bool preserveMethod) : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers["Location"] = url;
        var status = (permanent, preserveMethod) switch
        {
            (true, true) => 308,
            (true, false) => 301,
            (false, true) => 307,
            _ => 302,
        };
        return ResponseWriter.WriteStatusAsync(httpContext, status);
    }
}
