using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace BackEnd.StaticFiles.Internal;

/// <summary>Entity-tag lists and HTTP dates as RFC 9110 §8.8 and §5.6.7 define them.</summary>
internal static class HttpValidators
{
    /// <summary>Returns whether an <c>If-Match</c>/<c>If-None-Match</c> list names the tag; <c>*</c> names any.</summary>
    public static bool ListMatches(StringValues header, string etag, bool weak)
    {
        foreach (var value in header)
        {
            if (value is null)
            {
                continue;
            }

            // Walks the list in place: a conditional GET is the hot path of a static site, and splitting would allocate per request.
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var raw = (comma < 0 ? rest : rest[..comma]).Trim();
                rest = comma < 0 ? default : rest[(comma + 1)..];
                if (raw.Length == 0)
                {
                    continue;
                }

                if (raw is "*")
                {
                    return true;
                }

                var isWeak = raw.StartsWith("W/", StringComparison.Ordinal);
                var tag = isWeak ? raw[2..] : raw;
                if ((weak || !isWeak) && tag.SequenceEqual(etag))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool TryParseDate(StringValues header, out DateTimeOffset date)
    {
        date = default;
        return header.Count == 1 && header[0] is { } text
            && DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    public static string FormatDate(DateTimeOffset date) => date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}
