namespace BackEnd.Server;

/// <summary>The default values of <see cref="BackEndServerOptions"/>, written once.</summary>
public static class BackEndServerDefaults
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string ConfigurationSection = "BackEnd:Server";

    /// <summary>The URL listened on when neither the options nor the <c>urls</c> key name one.</summary>
    public const string Urls = "http://127.0.0.1:5000";

    /// <summary>The default longest request line: 8 KB.</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>The default largest header section: 32 KB.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>The default most header fields: 100.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>The default largest body: 30,000,000 bytes, as Kestrel.</summary>
    public const long MaxRequestBodySize = 30_000_000;

    /// <summary>The default minimum body data rate: 240 bytes per second.</summary>
    public const double MinRequestBodyDataRate = 240;

    /// <summary>The default minimum response data rate: 240 bytes per second, as Kestrel.</summary>
    public const double MinResponseDataRate = 240;

    /// <summary>The default most concurrent connections: 100,000.</summary>
    public const long MaxConcurrentConnections = 100_000;

    /// <summary>Gets the default keep-alive idle timeout: 2 minutes.</summary>
    public static TimeSpan KeepAliveTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the default request headers timeout: 30 seconds.</summary>
    public static TimeSpan RequestHeadersTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the default grace period before the body data rate is enforced: 5 seconds.</summary>
    public static TimeSpan MinRequestBodyDataRateGracePeriod { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the default grace period of each wait on a slow reader: 5 seconds.</summary>
    public static TimeSpan MinResponseDataRateGracePeriod { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the default TLS handshake timeout: 10 seconds.</summary>
    public static TimeSpan TlsHandshakeTimeout { get; } = TimeSpan.FromSeconds(10);
}
