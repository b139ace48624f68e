using System.Globalization;
using System.Text;

namespace Conduit;

/// <summary>URL slugs from titles: letters, digits and marks of any script, lower-cased, runs of anything else as one dash.</summary>
internal static class Slugs
{
    public const int MaxLength = 100;

    public static string From(string title)
    {
        var slug = new StringBuilder();
        foreach (var rune in title.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                if (slug.Length + rune.Utf16SequenceLength > MaxLength)
                {
                    break;
                }

                slug.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length > 0 ? text : "article";
    }

    /// <summary>The slug itself when free, else the first free <c>slug-2</c>, <c>slug-3</c>, … (one query for all candidates).</summary>
    public static async Task<string> FreeAsync(ISqlExecutor db, string slug, CancellationToken ct)
    {
        // A slug holds no '%' or '_' (they are neither letters nor digits), so LIKE matches exactly the suffixed ones.
        var taken = (await db.QueryAsync<string>("SELECT slug FROM articles WHERE slug = @slug OR slug LIKE @prefix", new { slug, prefix = slug + "-%" }, ct))
            .ToHashSet(StringComparer.Ordinal);
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = slug + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
