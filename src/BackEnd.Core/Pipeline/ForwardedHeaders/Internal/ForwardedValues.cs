using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BackEnd.Pipeline.ForwardedHeaders.Internal;

/// <summary>
/// Strict readers for forwarded values. Only canonical forms pass: dotted-quad IPv4 without leading zeros, IPv6
/// without a zone id, an optional <c>:port</c> (in brackets for IPv6), and host names of letters, digits, <c>-</c>,
/// <c>_</c> and <c>.</c>. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone accepts <c>2130706433</c>,
/// <c>0x7f.1</c> and <c>fe80::1%eth0</c>, which a per-IP limit or an allow-list would then see as another address.
/// </summary>
internal static class ForwardedValues
{
    /// <summary>Reads <c>1.2.3.4</c>, <c>1.2.3.4:5678</c>, <c>::1</c>, <c>[::1]</c> or <c>[::1]:80</c>; the port is 0 when absent.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress? address, out int port)
    {
        address = null;
        port = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || !TryParsePortSuffix(text[(close + 1)..], out port))
            {
                return false;
            }

            return TryParseIPv6(text[1..close], out address);
        }

        var colons = text.Count(':');
        if (colons == 0)
        {
            return TryParseIPv4(text, out address);
        }

        if (colons == 1)
        {
            var colon = text.IndexOf(':');
            return TryParsePortSuffix(text[colon..], out port) && TryParseIPv4(text[..colon], out address);
        }

        return TryParseIPv6(text, out address);
    }

    /// <summary>Whether a forwarded host is a host name, canonical IPv4 or bracketed IPv6, with an optional valid port.</summary>
    public static bool IsValidHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == '[')
        {
            var close = host.IndexOf(']');
            return close > 0 && TryParsePortSuffix(host[(close + 1)..], out _) && TryParseIPv6(host[1..close], out _);
        }

        var colon = host.IndexOf(':');
        var name = colon < 0 ? host : host[..colon];
        if (colon >= 0 && !TryParsePortSuffix(host[colon..], out _))
        {
            return false;
        }

        return IsHostName(name);
    }

    private static bool IsHostName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 253 || name[0] == '.' || name[^1] == '.' && name.Length == 1)
        {
            return false;
        }

        var allDigitsAndDots = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }

            allDigitsAndDots &= char.IsAsciiDigit(c) || c == '.';
        }

        // Something that looks numeric must be a canonical IPv4 address, not 2130706433 or 127.1.
        return !allDigitsAndDots || TryParseIPv4(name, out _);
    }

    private static bool TryParsePortSuffix(ReadOnlySpan<char> suffix, out int port)
    {
        port = 0;
        if (suffix.IsEmpty)
        {
            return true;
        }

        var digits = suffix[1..];
        if (suffix[0] != ':' || digits.IsEmpty || digits.Length > 5)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        port = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return port is > 0 and <= 65535;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        Span<byte> bytes = stackalloc byte[4];
        var part = 0;
        foreach (var range in text.Split('.'))
        {
            var piece = text[range];
            if (part == 4 || piece.IsEmpty || piece.Length > 3 || (piece.Length > 1 && piece[0] == '0'))
            {
                return false;
            }

            var value = 0;
            foreach (var c in piece)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }

            bytes[part++] = (byte)value;
        }

        if (part != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out IPAddress? address)
    {
        address = null;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not (':' or '.'))
            {
                return false;
            }
        }

        return text.Contains(':') && IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }
}
