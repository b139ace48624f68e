using System.Net;
using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Pipeline.ForwardedHeaders.Internal;

/// <summary>
/// Applies forwarded headers only when the peer is a trusted proxy, walking <c>X-Forwarded-For</c> from the right and
/// stopping at the first untrusted hop, because anything left of it could have been written by the client.
/// </summary>
internal sealed class ForwardedHeadersMiddleware(RequestDelegate next, ForwardedHeadersOptions options)
{
    private readonly IPAddress[] _proxies = [.. options.KnownProxies];
    private readonly IPNetwork[] _networks = [.. options.KnownNetworks];

    public ValueTask InvokeAsync(HttpContext context)
    {
        var connection = context.Connection;
        if (connection.RemoteIpAddress is not { } remote || !IsTrusted(remote))
        {
            return next(context);
        }

        var request = context.Request;
        var forwardedFor = Split(request.Headers["X-Forwarded-For"]);
        var forwardedProto = Split(request.Headers["X-Forwarded-Proto"]);
        var forwardedHost = Split(request.Headers["X-Forwarded-Host"]);
        if (forwardedFor.Count == 0 && forwardedProto.Count == 0 && forwardedHost.Count == 0)
        {
            return next(context);
        }

        var originalAddress = remote;
        var originalPort = connection.RemotePort;
        string? scheme = null;
        string? host = null;
        for (var hop = 0; hop < options.ForwardLimit; hop++)
        {
            var index = forwardedFor.Count - 1 - hop;
            if (index >= 0)
            {
                if (!ForwardedValues.TryParseAddress(forwardedFor[index], out var client, out var clientPort))
                {
                    break;
                }

                connection.RemoteIpAddress = client;
                connection.RemotePort = clientPort;
            }

            var protoIndex = forwardedProto.Count - 1 - hop;
            if (options.ForwardProto && protoIndex >= 0 && forwardedProto[protoIndex] is "http" or "https")
            {
                scheme = forwardedProto[protoIndex];
            }

            var hostIndex = forwardedHost.Count - 1 - hop;
            if (options.ForwardHost && hostIndex >= 0 && ForwardedValues.IsValidHost(forwardedHost[hostIndex]))
            {
                host = forwardedHost[hostIndex];
            }

            if (index < 0 || !IsTrusted(connection.RemoteIpAddress!))
            {
                break;
            }
        }

        var inner = request;
        var forwarded = scheme is null && host is null
            ? context
            : new DelegatingHttpContext(context, outer => new DelegatingHttpRequest(inner, outer, scheme ?? inner.Scheme, host ?? inner.Host), null);
        return InvokeAndRestoreAsync(forwarded, connection, originalAddress, originalPort);
    }

    /// <summary>Puts the peer address back afterwards: the connection outlives the request, and the next request on it comes from the proxy again.</summary>
    private async ValueTask InvokeAndRestoreAsync(HttpContext context, ConnectionInfo connection, IPAddress address, int port)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            connection.RemoteIpAddress = address;
            connection.RemotePort = port;
        }
    }

    private static List<string> Split(StringValues values)
    {
        var list = new List<string>();
        foreach (var value in values)
        {
            if (value is not null)
            {
                list.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return list;
    }

    private bool IsTrusted(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var proxy in _proxies)
        {
            if (proxy.Equals(address))
            {
                return true;
            }
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
