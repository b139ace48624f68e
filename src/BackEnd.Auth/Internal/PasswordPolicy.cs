using System.Globalization;
using System.Reflection;
using System.Text;

namespace BackEnd.Auth.Internal;

/// <summary>NIST SP 800-63B §3.1.1.2: length limits, a deny-list of common passwords, no composition rules, not the user name.</summary>
internal sealed class PasswordPolicy
{
    private static readonly Lazy<HashSet<string>> BuiltIn = new(LoadBuiltIn);
    private readonly PasswordOptions _options;

    public PasswordPolicy(PasswordOptions options) => _options = options;

    public static IReadOnlySet<string> CommonPasswords => BuiltIn.Value;

    /// <summary>Returns the reasons the password is refused, or an empty list.</summary>
    public List<string> Check(string password, string? userName)
    {
        var errors = new List<string>();
        var length = new StringInfo(password).LengthInTextElements;
        if (length < _options.MinimumLength)
        {
            errors.Add($"The password must be at least {_options.MinimumLength} characters long.");
        }

        if (length > _options.MaximumLength)
        {
            errors.Add($"The password must be at most {_options.MaximumLength} characters long.");
        }
        else if (_options.Algorithm == PasswordHashAlgorithm.BCrypt && !_options.BCryptPreHash && Encoding.UTF8.GetByteCount(password) > PasswordHashing.BCryptMaxBytes)
        {
            errors.Add($"The password must be at most {PasswordHashing.BCryptMaxBytes} bytes in UTF-8 (bcrypt reads no more); choose a shorter one.");
        }

        if (password.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add("The password must not contain a NUL character.");
        }

        if (BuiltIn.Value.Contains(password) || _options.DeniedPasswords.Contains(password))
        {
            errors.Add("The password is too common; choose one that is not on lists of leaked passwords.");
        }

        if (userName is not null && (string.Equals(password.Trim(), userName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(UserNames.Normalize(password), UserNames.Normalize(userName), StringComparison.Ordinal)))
        {
            errors.Add("The password must not be the user name.");
        }

        return errors;
    }

    /// <summary>Whether the configured algorithm takes the password whole (bcrypt without pre-hashing reads 72 bytes at most).</summary>
    public bool CanHash(string password) =>
        _options.Algorithm != PasswordHashAlgorithm.BCrypt || _options.BCryptPreHash || Encoding.UTF8.GetByteCount(password) <= PasswordHashing.BCryptMaxBytes;

    private static HashSet<string> LoadBuiltIn()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("BackEnd.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The built-in list of common passwords is missing from BackEnd.Auth.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line);
            }
        }

        return set;
    }
}
