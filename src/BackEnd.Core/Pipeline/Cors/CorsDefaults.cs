namespace BackEnd.Pipeline.Cors;

/// <summary>The defaults of <see cref="CorsOptions"/>.</summary>
public static class CorsDefaults
{
    /// <summary>The methods allowed cross-origin: GET, HEAD, POST (the CORS-safelisted methods).</summary>
    public static readonly IReadOnlyList<string> AllowedMethods = ["GET", "HEAD", "POST"];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    /// <value>Default: 10 minutes.</value>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);
}
