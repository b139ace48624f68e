using System.IO.Pipelines;
using BackEnd.Http;

namespace BackEnd.Pipeline.Internal;

/// <summary>A request that forwards to another, with the scheme and host replaced (forwarded headers).</summary>
internal sealed class DelegatingHttpRequest(HttpRequest inner, HttpContext context, string scheme, string host) : HttpRequest
{
    public override HttpContext HttpContext => context;

    public override string Method => inner.Method;

    public override string Scheme => scheme;

    public override string Host => host;

    public override string PathBase
    {
        get => inner.PathBase;
        set => inner.PathBase = value;
    }

    public override string Path
    {
        get => inner.Path;
        set => inner.Path = value;
    }

    public override string QueryString => inner.QueryString;

    public override string RawTarget => inner.RawTarget;

    public override IQueryCollection Query => inner.Query;

    public override string Protocol => inner.Protocol;

    public override IHeaderDictionary Headers => inner.Headers;

    public override long? ContentLength => inner.ContentLength;

    public override string? ContentType => inner.ContentType;

    public override Stream Body => inner.Body;

    public override PipeReader BodyReader => inner.BodyReader;

    public override IDictionary<string, object?> RouteValues => inner.RouteValues;

    internal override bool DefersRouteValues => inner.DefersRouteValues;
}
