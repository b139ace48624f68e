namespace BackEnd.Http;

/// <summary>The character classes of RFC 6265 §4.1.1, shared by request parsing and <c>Set-Cookie</c> writing.</summary>
internal static class CookieText
{
    // token (RFC 9110 §5.6.2): visible ASCII except separators.
    public static bool IsToken(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c <= ' ' || c >= '\u007f' || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (no space, DQUOTE, comma, semicolon, backslash, CTLs).
    public static bool IsValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c < '\u0021' || c > '\u007e' || c is '"' or ',' or ';' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    // Path and Domain values: any CHAR except CTLs and ';' (RFC 6265 §4.1.1 av-octet).
    public static bool IsAttributeValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c < '\u0020' || c > '\u007e' || c == ';')
            {
                return false;
            }
        }

        return true;
    }
}
