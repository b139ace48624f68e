using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace BackEnd.Server.Internal;

/// <summary>Character classes of RFC 9110/9112 and the conversions between header bytes and strings.</summary>
internal static class HeaderText
{
    /// <summary>tchar: the characters of a method or field name.</summary>
    public static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>field-vchar, SP, HTAB and obs-text: every byte allowed in a field value; excludes NUL, CR, LF and other controls.</summary>
    public static readonly SearchValues<byte> FieldValueChars = SearchValues.Create(BuildFieldValueChars());

    /// <summary>The bytes of a request target: visible ASCII except <c>#</c>; no spaces, controls or raw non-ASCII.</summary>
    public static readonly SearchValues<byte> TargetChars = SearchValues.Create(BuildTargetChars());

    /// <summary>The bytes of a <c>Host</c> value: reg-name, IP literal and port characters.</summary>
    public static readonly SearchValues<byte> HostChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~!$&'()*+,;=%:[]"u8);

    // The same classes over UTF-16, for the checks of every response header: vectorized, where a loop per char cost
    // more than the rest of writing the header.
    private static readonly SearchValues<char> TokenCharsUtf16 =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> ResponseValueChars = SearchValues.Create(BuildResponseValueChars());

    private static readonly string[] s_knownNames =
    [
        "Host", "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Connection",
        "Content-Length", "Content-Type", "Cookie", "Expect", "If-Match", "If-Modified-Since", "If-None-Match",
        "Origin", "Referer", "Transfer-Encoding", "Upgrade", "User-Agent", "X-Forwarded-For", "X-Forwarded-Proto",
        "X-Forwarded-Host", "X-Requested-With", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Pragma",
        "Range", "Last-Event-ID", "Accept-Charset", "Priority", "DNT", "Upgrade-Insecure-Requests",
    ];

    /// <summary>Returns an interned string for well-known header names so materializing headers allocates only values.</summary>
    public static string GetName(ReadOnlySpan<byte> name)
    {
        foreach (var known in s_knownNames)
        {
            if (known.Length == name.Length && Ascii.EqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    /// <summary>Decodes a value as UTF-8 when it is valid UTF-8, else as Latin-1, so no byte is lost.</summary>
    public static string GetValue(ReadOnlySpan<byte> value)
    {
        if (Ascii.IsValid(value))
        {
            return Encoding.ASCII.GetString(value);
        }

        return Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : Encoding.Latin1.GetString(value);
    }

    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && (value[start] == (byte)' ' || value[start] == (byte)'\t'))
        {
            start++;
        }

        var end = value.Length;
        while (end > start && (value[end - 1] == (byte)' ' || value[end - 1] == (byte)'\t'))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>True when a response header value can be written as is: visible ASCII, SP and HTAB only, so no response splitting.</summary>
    public static bool IsValidResponseValue(string value) => value.AsSpan().IndexOfAnyExcept(ResponseValueChars) < 0;

    public static bool IsToken(string value) => value.Length > 0 && value.AsSpan().IndexOfAnyExcept(TokenCharsUtf16) < 0;

    private static string BuildResponseValueChars()
    {
        var chars = new StringBuilder("\t");
        for (var c = (char)0x20; c <= (char)0x7E; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    private static byte[] BuildFieldValueChars()
    {
        var list = new List<byte> { (byte)'\t' };
        for (var b = 0x20; b <= 0xFF; b++)
        {
            if (b != 0x7F)
            {
                list.Add((byte)b);
            }
        }

        return [.. list];
    }

    private static byte[] BuildTargetChars()
    {
        var list = new List<byte>();
        for (var b = 0x21; b <= 0x7E; b++)
        {
            if (b != '#')
            {
                list.Add((byte)b);
            }
        }

        return [.. list];
    }
}
