using System.IO.Pipelines;

namespace BackEnd.Http;

/// <summary>The request side of an HTTP exchange.</summary>
public abstract class HttpRequest
{
    private RequestCookieCollection? _cookies;
    private string? _cookieHeader;

    /// <summary>Gets the context this request belongs to.</summary>
    public abstract HttpContext HttpContext { get; }

    /// <summary>Gets the request method, such as <c>GET</c>; well-known methods are interned strings.</summary>
    public abstract string Method { get; }

    /// <summary>Gets <c>http</c> or <c>https</c>.</summary>
    public abstract string Scheme { get; }

    /// <summary>Gets a value indicating whether the request arrived over TLS.</summary>
    public bool IsHttps => string.Equals(Scheme, "https", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the value of the <c>Host</c> header (or the authority of an absolute-form target).</summary>
    public abstract string Host { get; }

    /// <summary>Gets or sets the base path the application is mounted at; empty by default.</summary>
    public abstract string PathBase { get; set; }

    /// <summary>Gets or sets the request path, percent-decoded except for <c>%2F</c>, which stays encoded so a segment boundary is never invented.</summary>
    public abstract string Path { get; set; }

    /// <summary>Gets the raw query string including the leading <c>?</c>, or empty.</summary>
    public abstract string QueryString { get; }

    /// <summary>Gets the request target exactly as received.</summary>
    public abstract string RawTarget { get; }

    /// <summary>Gets the parsed query string.</summary>
    public abstract IQueryCollection Query { get; }

    /// <summary>Gets the protocol, such as <c>HTTP/1.1</c>.</summary>
    public abstract string Protocol { get; }

    /// <summary>Gets the request headers.</summary>
    public abstract IHeaderDictionary Headers { get; }

    /// <summary>Gets the <c>Content-Length</c>, or <see langword="null"/> when absent (chunked or no body).</summary>
    public abstract long? ContentLength { get; }

    /// <summary>Gets the <c>Content-Type</c> header, or <see langword="null"/>.</summary>
    public abstract string? ContentType { get; }

    /// <summary>Gets the request body as a stream; reading past the configured maximum body size fails with a 413.</summary>
    public abstract Stream Body { get; }

    /// <summary>Gets the request body as a pipe reader.</summary>
    public abstract PipeReader BodyReader { get; }

    /// <summary>Gets the cookies of the <c>Cookie</c> header, parsed on first use per header value.</summary>
    public RequestCookieCollection Cookies
    {
        get
        {
            var header = Headers["Cookie"];
            if (_cookies is null || !ReferenceEquals(_cookieHeader, header.ToString()) || header.Count > 1)
            {
                _cookies = header.Count == 0 ? RequestCookieCollection.Empty : RequestCookieCollection.Parse(header);
                _cookieHeader = header.ToString();
            }

            return _cookies;
        }
    }

    /// <summary>Gets the values the router captured from the path; empty before routing.</summary>
    public abstract IDictionary<string, object?> RouteValues { get; }

    /// <summary>Gets whether <see cref="RouteValues"/> fills itself from the context's route match when first read, so the router need not.</summary>
    internal virtual bool DefersRouteValues => false;
}
