using System.Text;

namespace BackEnd.Auth.Internal;

/// <summary>The form a password is hashed in.</summary>
internal static class Passwords
{
    /// <summary>
    /// NFKC (NIST SP 800-63B §5.1.1.2), so a password typed as composed or decomposed characters, or with compatibility forms,
    /// matches on every keyboard; text that is not valid Unicode (a lone surrogate) stays as it is.
    /// </summary>
    public static string Normalize(string password)
    {
        try
        {
            return password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return password;
        }
    }
}
