using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BackEnd.Auth.Internal;

/// <summary>Random identifiers and their stored digests.</summary>
internal static class Secrets
{
    private static readonly byte[] CsrfLabel = "BackEnd.Auth.Csrf"u8.ToArray();

    /// <summary>A new 256-bit random value, Base64Url without padding (43 characters).</summary>
    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key a session or token is stored under: lower-case hex SHA-256 of the value, so the store never holds it.</summary>
    public static string Digest(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>The anti-forgery token of a session: derived from the session id, so it needs no storage and reveals nothing about the id.</summary>
    public static string CsrfToken(string rawSessionId) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(rawSessionId), CsrfLabel));

    public static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>Whether a value looks like one of ours (43 Base64Url characters), so garbage never reaches the store.</summary>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != 43)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
