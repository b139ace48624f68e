using System.Globalization;
using System.Net;

namespace BackEnd.Server.Internal;

/// <summary>One parsed listen URL such as <c>http://127.0.0.1:8080</c> or <c>https://*:0</c>.</summary>
internal sealed record ListenEndpoint(string Url, bool IsHttps, IPAddress Address, int Port)
{
    /// <summary>Gets a value indicating whether this is the IPv6 half of a <c>localhost</c> URL, bound only when the machine has an IPv6 loopback.</summary>
    public bool IsLoopbackTwin { get; init; }

    /// <summary>Parses a semicolon-separated list the way ASP.NET Core reads <c>urls</c>.</summary>
    public static IReadOnlyList<ListenEndpoint> ParseList(string urls)
    {
        var list = new List<ListenEndpoint>();
        foreach (var part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var endpoint = Parse(part);
            list.Add(endpoint);
            if (endpoint.Address.Equals(IPAddress.Loopback) && IsLocalhost(part) && System.Net.Sockets.Socket.OSSupportsIPv6)
            {
                // Clients resolve localhost to ::1 first on many systems: listening on 127.0.0.1 alone would refuse them.
                list.Add(endpoint with { Address = IPAddress.IPv6Loopback, IsLoopbackTwin = true });
            }
        }

        if (list.Count == 0)
        {
            throw new InvalidOperationException("No listen URL was given.");
        }

        return list;
    }

    public static ListenEndpoint Parse(string url)
    {
        bool https;
        string rest;
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            https = false;
            rest = url[7..];
        }
        else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            https = true;
            rest = url[8..];
        }
        else
        {
            throw new InvalidOperationException($"Listen URL '{url}' must start with http:// or https://.");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (rest.Length > slash + 1)
            {
                throw new InvalidOperationException($"Listen URL '{url}' must not have a path.");
            }

            rest = rest[..slash];
        }

        string host;
        string? portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidOperationException($"Listen URL '{url}' has an unterminated IPv6 address.");
            }

            host = rest[1..close];
            portText = rest.Length > close + 1 && rest[close + 1] == ':' ? rest[(close + 2)..] : null;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            portText = colon < 0 ? null : rest[(colon + 1)..];
        }

        var port = https ? 443 : 80;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new InvalidOperationException($"Listen URL '{url}' has an invalid port.");
        }

        IPAddress address;
        if (host is "*" or "+" or "")
        {
            address = IPAddress.IPv6Any;
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw new InvalidOperationException($"Listen URL '{url}' must name an IP address, localhost or *.");
        }

        return new ListenEndpoint(url, https, address, port);
    }

    public string Format(IPEndPoint bound)
    {
        var host = bound.Address.Equals(IPAddress.IPv6Any) ? "[::]"
            : bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]"
            : bound.Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{(IsHttps ? "https" : "http")}://{host}:{bound.Port}");
    }

    private static bool IsLocalhost(string url)
    {
        var rest = url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..];
        return rest.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)
            && (rest.Length == 9 || rest[9] is ':' or '/');
    }
}
