namespace BackEnd.Pipeline.Cors;

/// <summary>Which cross-origin browser requests are allowed; validated at start-up.</summary>
public sealed class CorsOptions
{
    /// <summary>Gets the allowed origins, such as <c>https://app.example.com</c> (scheme, host and port; no path), compared case-insensitively.</summary>
    /// <value>Default: empty (no origin is allowed).</value>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Gets or sets a value indicating whether every origin is allowed (<c>*</c>); cannot be combined with <see cref="AllowCredentials"/>.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowAnyOrigin { get; set; }

    /// <summary>Gets the allowed methods.</summary>
    /// <value>Default: GET, HEAD, POST.</value>
    public IList<string> AllowedMethods { get; } = [.. CorsDefaults.AllowedMethods];

    /// <summary>Gets the request headers a cross-origin request may send beyond the safelisted ones.</summary>
    /// <value>Default: empty.</value>
    public IList<string> AllowedHeaders { get; } = [];

    /// <summary>Gets or sets a value indicating whether any request header is allowed.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowAnyHeader { get; set; }

    /// <summary>Gets the response headers scripts may read beyond the safelisted ones.</summary>
    /// <value>Default: empty.</value>
    public IList<string> ExposedHeaders { get; } = [];

    /// <summary>Gets or sets a value indicating whether cookies and authorization headers may be sent; never combined with a <c>*</c> origin.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowCredentials { get; set; }

    /// <summary>Gets or sets how long a browser may cache a preflight answer.</summary>
    /// <value>Default: 10 minutes.</value>
    public TimeSpan PreflightMaxAge { get; set; } = CorsDefaults.PreflightMaxAge;
}
