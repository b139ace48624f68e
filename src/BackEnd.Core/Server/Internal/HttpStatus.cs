using System.Text;

namespace BackEnd.Server.Internal;

/// <summary>Reason phrases and pre-encoded status lines, so writing a status line is a copy.</summary>
internal static class HttpStatus
{
    private static readonly byte[]?[] s_statusLines = BuildStatusLines();

    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => string.Empty,
    };

    /// <summary>Gets <c>HTTP/1.1 {code} {reason}\r\n</c>; codes without a cached line are encoded on demand.</summary>
    public static byte[] StatusLine(int statusCode)
    {
        if ((uint)statusCode < (uint)s_statusLines.Length && s_statusLines[statusCode] is { } cached)
        {
            return cached;
        }

        return Encode(statusCode);
    }

    /// <summary>Gets the section of RFC 9110 that defines a status, for the <c>type</c> of a problem body.</summary>
    public static string ProblemType(int statusCode) => statusCode switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        414 => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        501 => "https://tools.ietf.org/html/rfc9110#section-15.6.2",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        505 => "https://tools.ietf.org/html/rfc9110#section-15.6.6",
        _ => "about:blank",
    };

    private static byte[]?[] BuildStatusLines()
    {
        var lines = new byte[]?[600];
        for (var code = 100; code < lines.Length; code++)
        {
            if (ReasonPhrase(code).Length > 0)
            {
                lines[code] = Encode(code);
            }
        }

        return lines;
    }

    private static byte[] Encode(int statusCode) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"HTTP/1.1 {statusCode} {ReasonPhrase(statusCode)}\r\n"));
}
