using System.IO.Pipelines;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>The request of the current exchange; strings come from the connection's per-target cache, so a repeated target allocates nothing.</summary>
internal sealed class ServerHttpRequest : HttpRequest
{
    private readonly Http1Connection _connection;
    private QueryCollection? _query;
    private Dictionary<string, object?>? _routeValues;
    private string? _host;
    private string? _contentType;

    public ServerHttpRequest(ServerHttpContext context, Http1Connection connection)
    {
        HttpContext = context;
        _connection = connection;
    }

    public override HttpContext HttpContext { get; }

    public override string Method => MethodString;

    public string MethodString { get; set; } = "GET";

    public bool IsHead { get; set; }

    public override string Scheme => _connection.IsTls ? "https" : "http";

    public override string Host => _host ??= AbsoluteAuthority ?? _connection.GetHostString();

    /// <summary>Gets or sets the authority of an absolute-form target; a Host header that does not match it is rejected with 400.</summary>
    public string? AbsoluteAuthority { get; set; }

    public override string PathBase { get; set; } = string.Empty;

    public override string Path { get; set; } = "/";

    public override string QueryString => QueryStringValue;

    public string QueryStringValue { get; set; } = string.Empty;

    public override string RawTarget => RawTargetValue;

    public string RawTargetValue { get; set; } = "/";

    public override IQueryCollection Query =>
        _query ??= QueryStringValue.Length == 0 ? QueryCollection.Empty : new QueryCollection(QueryStringValue);

    public override string Protocol => Version == 10 ? "HTTP/1.0" : "HTTP/1.1";

    /// <summary>Gets or sets 10 or 11.</summary>
    public int Version { get; set; } = 11;

    public RequestHeaders RequestHeaders { get; } = new();

    public override IHeaderDictionary Headers => RequestHeaders;

    public override long? ContentLength => RequestHeaders.ContentLength;

    public override string? ContentType => _contentType ??= _connection.GetContentTypeString();

    public override Stream Body => _connection.RequestBodyStream;

    public override PipeReader BodyReader => _connection.RequestBodyReader;

    /// <summary>Gets the route values; the router defers them (binders read captures in place), so the first read writes them here.</summary>
    public override IDictionary<string, object?> RouteValues
    {
        get
        {
            var values = _routeValues ??= [];
            HttpContext.RouteSelection.MovePendingTo(values);
            return values;
        }
    }

    internal override bool DefersRouteValues => true;

    public void Reset()
    {
        _query = null;
        _routeValues?.Clear();
        _host = null;
        _contentType = null;
        AbsoluteAuthority = null;
        PathBase = string.Empty;
        RequestHeaders.Reset();
        IsHead = false;
    }
}
