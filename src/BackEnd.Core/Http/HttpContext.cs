using System.Security.Claims;
using BackEnd.Routing.Internal;

namespace BackEnd.Http;

/// <summary>Everything about one HTTP request and its response, as a handler or middleware sees it.</summary>
public abstract class HttpContext
{
    private RouteSelection _routeSelection;

    /// <summary>Gets the request.</summary>
    public abstract HttpRequest Request { get; }

    /// <summary>Gets the response.</summary>
    public abstract HttpResponse Response { get; }

    /// <summary>Gets facts about the underlying connection.</summary>
    public abstract ConnectionInfo Connection { get; }

    /// <summary>Gets or sets the request-scoped service provider.</summary>
    public abstract IServiceProvider RequestServices { get; set; }

    /// <summary>Gets a token that is cancelled when the client goes away or the request is aborted.</summary>
    public abstract CancellationToken RequestAborted { get; }

    /// <summary>Gets or sets the user the request is made for; anonymous unless authentication set one.</summary>
    public abstract ClaimsPrincipal User { get; set; }

    /// <summary>Gets a per-request bag for middleware to share state with later stages.</summary>
    public abstract IDictionary<object, object?> Items { get; }

    /// <summary>Gets an identifier for this request, used in logs and problem details.</summary>
    public abstract string TraceIdentifier { get; }

    /// <summary>Aborts the connection without completing the response.</summary>
    public abstract void Abort();

    /// <summary>Gets the route match of this request, shared by the router and <c>GetEndpoint</c> so a path is matched once.</summary>
    internal virtual ref RouteSelection RouteSelection => ref _routeSelection;
}
