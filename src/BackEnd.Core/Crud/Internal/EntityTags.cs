using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Crud.Internal;

/// <summary>Formats and compares entity tags (RFC 9110 §8.8.3): strong comparison for If-Match, weak for If-None-Match.</summary>
internal static class EntityTags
{
    public static string FromVersion(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Whether an If-Match header admits the current tag; <paramref name="current"/> is <see langword="null"/> when nothing exists.</summary>
    public static bool IfMatchPasses(StringValues header, string? current) => Matches(header, current, weak: false);

    /// <summary>Whether an If-None-Match header names the current tag, so a GET answers 304 (or an unsafe method 412).</summary>
    public static bool IfNoneMatchMatches(StringValues header, string? current) => Matches(header, current, weak: true);

    private static bool Matches(StringValues header, string? current, bool weak)
    {
        foreach (var line in header)
        {
            if (line is null)
            {
                continue;
            }

            foreach (var part in line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "*")
                {
                    if (current is not null)
                    {
                        return true;
                    }

                    continue;
                }

                if (current is null)
                {
                    continue;
                }

                var tag = part;
                var isWeak = tag.StartsWith("W/", StringComparison.Ordinal);
                if (isWeak)
                {
                    if (!weak)
                    {
                        continue;
                    }

                    tag = tag[2..];
                }

                var currentTag = current.StartsWith("W/", StringComparison.Ordinal) ? current[2..] : current;
                if ((weak || !current.StartsWith("W/", StringComparison.Ordinal)) && string.Equals(tag, currentTag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
