using System.Net;

namespace BackEnd.Pipeline.ForwardedHeaders;

/// <summary>The defaults of <see cref="ForwardedHeadersOptions"/>.</summary>
public static class ForwardedHeadersDefaults
{
    /// <summary>The proxies trusted by default: the loopback addresses (a proxy on the same machine).</summary>
    public static readonly IReadOnlyList<IPAddress> KnownProxies = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    /// <summary>How many proxy hops are applied.</summary>
    /// <value>Default: 1.</value>
    public const int ForwardLimit = 1;
}
