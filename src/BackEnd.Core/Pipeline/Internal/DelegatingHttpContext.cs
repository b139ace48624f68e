using System.Security.Claims;
using BackEnd.Http;

namespace BackEnd.Pipeline.Internal;

/// <summary>A context that forwards to another, with its request or response replaced; lets middleware change what the contract keeps read-only.</summary>
internal sealed class DelegatingHttpContext : HttpContext
{
    private readonly HttpContext _inner;
    private HttpRequest _request;
    private HttpResponse _response;

    public DelegatingHttpContext(HttpContext inner, Func<HttpContext, HttpRequest>? request, Func<HttpContext, HttpResponse>? response)
    {
        _inner = inner;
        _request = inner.Request;
        _response = inner.Response;
        if (request is not null)
        {
            _request = request(this);
        }

        if (response is not null)
        {
            _response = response(this);
        }
    }

    public override HttpRequest Request => _request;

    public override HttpResponse Response => _response;

    public override ConnectionInfo Connection => _inner.Connection;

    public override IServiceProvider RequestServices
    {
        get => _inner.RequestServices;
        set => _inner.RequestServices = value;
    }

    /// <summary>Gets a token that replaces the inner context's <see cref="RequestAborted"/> (a route timeout linked to it), or <see langword="null"/>.</summary>
    public CancellationToken? RequestAbortedOverride { get; init; }

    public override CancellationToken RequestAborted => RequestAbortedOverride ?? _inner.RequestAborted;

    public override ClaimsPrincipal User
    {
        get => _inner.User;
        set => _inner.User = value;
    }

    public override IDictionary<object, object?> Items => _inner.Items;

    public override string TraceIdentifier => _inner.TraceIdentifier;

    public override void Abort() => _inner.Abort();

    internal override ref Routing.Internal.RouteSelection RouteSelection => ref _inner.RouteSelection;
}
