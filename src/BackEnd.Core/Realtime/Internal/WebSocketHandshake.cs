using System.Security.Cryptography;
using System.Text;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Realtime.Internal;

/// <summary>The server side of the RFC 6455 §4.2 opening handshake.</summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Checks the request; on failure returns the status and a message saying what to fix.</summary>
    public static (int Status, string? Error, string? Key) Validate(HttpContext context, WebSocketOptions options)
    {
        var request = context.Request;
        var headers = request.Headers;
        if (!string.Equals(request.Method, "GET", StringComparison.Ordinal))
        {
            return (400, "A WebSocket handshake must be a GET request.", null);
        }

        if (!string.Equals(request.Protocol, "HTTP/1.1", StringComparison.Ordinal))
        {
            return (400, "A WebSocket handshake needs HTTP/1.1.", null);
        }

        if (!HasToken(headers["Upgrade"], "websocket") || !HasToken(headers["Connection"], "upgrade"))
        {
            return (400, "This endpoint speaks WebSocket only: send 'Connection: Upgrade' and 'Upgrade: websocket'.", null);
        }

        var version = headers["Sec-WebSocket-Version"];
        if (version.Count != 1 || version[0]?.Trim() != "13")
        {
            return (426, "Only WebSocket version 13 is supported: send 'Sec-WebSocket-Version: 13'.", null);
        }

        var key = headers["Sec-WebSocket-Key"];
        if (key.Count != 1 || !IsValidKey(key[0]))
        {
            return (400, "The Sec-WebSocket-Key header must be the base64 encoding of 16 random bytes.", null);
        }

        if (request.ContentLength is > 0 || headers.ContainsKey("Transfer-Encoding"))
        {
            return (400, "A WebSocket handshake cannot carry a body.", null);
        }

        if (headers.TryGetValue("Origin", out var origin) && !IsOriginAllowed(origin.ToString(), request, options))
        {
            return (403, $"The origin '{origin}' may not open a WebSocket here; add it to WebSocketOptions.AllowedOrigins.", null);
        }

        return (101, null, key[0]!.Trim());
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; it proves the server read the key, it protects nothing.")]
    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    public static string? ChooseSubProtocol(StringValues offered, IList<string> supported)
    {
        if (supported.Count == 0)
        {
            return null;
        }

        var offers = new List<string>();
        foreach (var value in offered)
        {
            if (value is not null)
            {
                offers.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        foreach (var candidate in supported)
        {
            if (offers.Contains(candidate, StringComparer.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsValidKey(string? key)
    {
        if (key is null)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key.Trim(), decoded, out var written) && written == 16;
    }

    private static bool IsOriginAllowed(string origin, HttpRequest request, WebSocketOptions options)
    {
        foreach (var allowed in options.AllowedOrigins)
        {
            if (allowed == "*" || string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (options.AllowedOrigins.Count > 0)
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            || !Uri.TryCreate(request.Scheme + "://" + request.Host, UriKind.Absolute, out var self))
        {
            return false;
        }

        return string.Equals(originUri.Scheme, self.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(originUri.Host, self.Host, StringComparison.OrdinalIgnoreCase)
            && originUri.Port == self.Port;
    }

    private static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
