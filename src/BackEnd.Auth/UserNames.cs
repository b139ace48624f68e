using System.Globalization;
using System.Text;

namespace BackEnd.Auth;

/// <summary>How user names are cleaned and compared: trimmed, Unicode NFKC, then lower-cased invariantly.</summary>
public static class UserNames
{
    /// <summary>The longest user name accepted, in characters.</summary>
    public const int MaximumLength = 64;

    /// <summary>Cleans a user name for display and storage: trimmed and NFKC-normalised.</summary>
    /// <param name="userName">The name as typed.</param>
    /// <returns>The cleaned name, or <see langword="null"/> when it is empty, too long, not valid Unicode, or has control characters.</returns>
    public static string? Clean(string? userName)
    {
        if (userName is null)
        {
            return null;
        }

        string normalized;
        try
        {
            normalized = userName.Trim().Normalize(NormalizationForm.FormKC).Trim();
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised.
            return null;
        }

        if (normalized.Length == 0 || normalized.Length > MaximumLength)
        {
            return null;
        }

        foreach (var c in normalized)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return null;
            }
        }

        return normalized;
    }

    /// <summary>Normalises a user name to the key two spellings of the same name share.</summary>
    /// <param name="userName">The name as typed.</param>
    /// <returns>The key, or <see langword="null"/> when the name is not acceptable (see <see cref="Clean"/>).</returns>
    public static string? Normalize(string? userName) => Clean(userName)?.ToLowerInvariant();
}
