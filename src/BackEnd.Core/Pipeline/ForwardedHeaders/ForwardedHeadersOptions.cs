using System.Net;

namespace BackEnd.Pipeline.ForwardedHeaders;

/// <summary>Which proxies may tell the application the client's address, scheme and host; validated at start-up.</summary>
public sealed class ForwardedHeadersOptions
{
    /// <summary>Gets the addresses of trusted proxies; headers from any other peer are ignored.</summary>
    /// <value>Default: 127.0.0.1 and ::1.</value>
    public IList<IPAddress> KnownProxies { get; } = [.. ForwardedHeadersDefaults.KnownProxies];

    /// <summary>Gets the networks of trusted proxies, such as <c>10.0.0.0/8</c>.</summary>
    /// <value>Default: empty.</value>
    public IList<IPNetwork> KnownNetworks { get; } = [];

    /// <summary>Gets or sets how many proxy hops are applied, walking <c>X-Forwarded-For</c> from the right.</summary>
    /// <value>Default: 1.</value>
    public int ForwardLimit { get; set; } = ForwardedHeadersDefaults.ForwardLimit;

    /// <summary>Gets or sets a value indicating whether <c>X-Forwarded-Proto</c> sets the request scheme.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ForwardProto { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether <c>X-Forwarded-Host</c> sets the request host.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ForwardHost { get; set; } = true;
}
