using BackEnd.Http;

namespace BackEnd.HttpResults.Internal;

/// <summary>A redirect to an application-relative <c>~/</c> URL, resolved against the path base of the request it answers.</summary>
internal sealed class LocalRedirectResult(string url, bool permanent, bool preserveMethod) : IResult
{
    public ValueTask ExecuteAsync(HttpContext httpContext)
    {
        // The path base belongs to the request (middleware may mount the app under a prefix), so it is read here, not at creation.
        var target = httpContext.Request.PathBase.TrimEnd('/') + url[1..];
        return new RedirectResult(target, permanent, preserveMethod).ExecuteAsync(httpContext);
    }
}
