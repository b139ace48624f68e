using System.Globalization;

namespace BackEndWeb;

/// <summary>
/// The rules for a post's text. Length is counted in text elements (extended grapheme clusters, UAX #29): what a reader
/// sees as one character counts once, so "👍🏽" (4 UTF-16 units), "👨‍👩‍👧" (8) and "é" written as e + U+0301 (2) are
/// one each, as they are in the browser's <c>Intl.Segmenter</c>, which the page uses to count the same way.
/// </summary>
public static class PostText
{
    /// <summary>The most text elements a post may have.</summary>
    public const int MaxLength = 280;

    /// <summary>
    /// The most UTF-16 code units a post may have: 280 clusters can be arbitrarily long (combining marks stack without
    /// limit), so storage gets its own bound, generous enough for 280 of the longest emoji sequences in use (up to 14 units).
    /// </summary>
    public const int MaxUtf16Length = 4_000;

    /// <summary>Checks and normalises a text: leading and trailing white space is removed before counting.</summary>
    /// <param name="text">The text as sent.</param>
    /// <param name="clean">The text to store when it is valid.</param>
    /// <returns>The reason it is refused, or <see langword="null"/> when it is valid.</returns>
    public static string? Validate(string? text, out string clean)
    {
        clean = (text ?? string.Empty).Trim();
        if (text is null)
        {
            return "The text is required.";
        }

        if (clean.Length == 0)
        {
            return "The text must not be empty or only white space.";
        }

        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            if (char.IsHighSurrogate(c) && i + 1 < clean.Length && char.IsLowSurrogate(clean[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "The text is not valid Unicode (it has an unpaired surrogate).";
            }
            else if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return "The text must not contain control characters other than line breaks and tabs.";
            }
        }

        if (clean.Length > MaxUtf16Length)
        {
            return $"The text is longer than {MaxUtf16Length} UTF-16 code units.";
        }

        var length = new StringInfo(clean).LengthInTextElements;
        return length > MaxLength ? $"The text has {length} characters; at most {MaxLength} are allowed." : null;
    }
}
