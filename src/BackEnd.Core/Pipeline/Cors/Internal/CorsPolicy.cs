using System.Globalization;

namespace BackEnd.Pipeline.Cors.Internal;

/// <summary>The CORS options frozen at start-up into the shapes the middleware needs per request.</summary>
internal sealed class CorsPolicy
{
    public CorsPolicy(CorsOptions options)
    {
        AllowAnyOrigin = options.AllowAnyOrigin;
        AllowAnyHeader = options.AllowAnyHeader;
        AllowCredentials = options.AllowCredentials;
        Origins = new HashSet<string>(options.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        Methods = new HashSet<string>(options.AllowedMethods, StringComparer.Ordinal);
        MethodsHeader = string.Join(", ", options.AllowedMethods);
        Headers = new HashSet<string>(options.AllowedHeaders, StringComparer.OrdinalIgnoreCase);
        ExposedHeaders = options.ExposedHeaders.Count == 0 ? null : string.Join(", ", options.ExposedHeaders);
        MaxAge = ((long)options.PreflightMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    public bool AllowAnyOrigin { get; }

    public bool AllowAnyHeader { get; }

    public bool AllowCredentials { get; }

    public HashSet<string> Origins { get; }

    public HashSet<string> Methods { get; }

    public string MethodsHeader { get; }

    public HashSet<string> Headers { get; }

    public string? ExposedHeaders { get; }

    public string MaxAge { get; }

    public bool IsOriginAllowed(string origin) => AllowAnyOrigin || Origins.Contains(origin);
}
