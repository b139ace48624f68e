using BackEnd.Http;

namespace BackEnd.Routing.Internal;

/// <summary>Where a route with a timeout keeps its linked token, so the handler's <see cref="CancellationToken"/> observes it.</summary>
internal static class RequestTimeouts
{
    public static readonly object TokenKey = new();

    public static CancellationToken GetToken(HttpContext context) =>
        context.Items.TryGetValue(TokenKey, out var token) && token is CancellationToken cancellationToken ? cancellationToken : context.RequestAborted;
}
