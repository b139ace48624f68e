using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>The application until one is registered: every request gets a 404 problem body.</summary>
internal sealed class NotFoundRequestDelegateFactory : IRequestDelegateFactory
{
    private static readonly byte[] s_body = Http1Connection.ProblemJson(404, "No application is configured for this server.");

    public RequestDelegate CreateRequestDelegate() => static context =>
    {
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/problem+json";
        context.Response.ContentLength = s_body.Length;
        return context.Response.WriteAsync(s_body);
    };
}
