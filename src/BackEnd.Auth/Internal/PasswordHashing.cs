using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using BCryptNet = BCrypt.Net.BCrypt;

namespace BackEnd.Auth.Internal;

/// <summary>The algorithms themselves, synchronous and CPU-bound; <see cref="PasswordHasher"/> runs them on the hashing threads.</summary>
internal static class PasswordHashing
{
    public const int BCryptMaxBytes = 72;
    private const string PreHashPrefix = "$bcrypt-sha384";
    private const string Pbkdf2Prefix = "$pbkdf2-sha512$";
    private const string Argon2Prefix = "$argon2id$";
    private const int SaltBytes = 16;
    private const int Pbkdf2HashBytes = 64;
    private const int Argon2HashBytes = 32;

    public static string Hash(string password, PasswordOptions options) => options.Algorithm switch
    {
        PasswordHashAlgorithm.Pbkdf2Sha512 => HashPbkdf2(password, RandomNumberGenerator.GetBytes(SaltBytes), options.Pbkdf2Iterations),
        PasswordHashAlgorithm.Argon2id => HashArgon2id(password, RandomNumberGenerator.GetBytes(SaltBytes), options.Argon2MemoryKiB, options.Argon2Iterations, options.Argon2Parallelism),
        _ => HashBCrypt(password, options.BCryptWorkFactor, options.BCryptPreHash, options.BCryptImplementation),
    };

    public static bool UsesNative(BCryptImplementation implementation) =>
        implementation != BCryptImplementation.Managed && NativeBCrypt.IsAvailable;

    public static string HashBCrypt(string password, int workFactor, bool preHash, BCryptImplementation implementation = BCryptImplementation.Automatic)
    {
        if (preHash)
        {
            return PreHashPrefix + BCryptNet.EnhancedHashPassword(password, BCrypt.Net.HashType.SHA384, workFactor);
        }

        if (Encoding.UTF8.GetByteCount(password) > BCryptMaxBytes)
        {
            throw new ArgumentException($"The password is longer than {BCryptMaxBytes} UTF-8 bytes, which bcrypt would silently cut; use a shorter one or set PasswordOptions.BCryptPreHash.", nameof(password));
        }

        // The C code reads a NUL-terminated string: a password holding U+0000 goes to the managed code, which hashes all of it.
        return UsesNative(implementation) && NativeBCrypt.Accepts(password) ? NativeBCrypt.Hash(password, workFactor)
            : BCryptNet.HashPassword(password, BCryptNet.GenerateSalt(workFactor, 'b'));
    }

    public static PasswordVerificationResult Verify(string hash, string password, PasswordOptions options)
    {
        try
        {
            if (hash.StartsWith(PreHashPrefix + "$2", StringComparison.Ordinal))
            {
                var inner = hash[PreHashPrefix.Length..];
                return !BCryptNet.EnhancedVerify(password, inner, BCrypt.Net.HashType.SHA384) ? PasswordVerificationResult.Failed
                    : Rehash(options.Algorithm != PasswordHashAlgorithm.BCrypt || !options.BCryptPreHash || BCryptNet.PasswordNeedsRehash(inner, options.BCryptWorkFactor));
            }

            if (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal))
            {
                // bcrypt reads only 72 bytes; a longer password must not match a hash of its prefix.
                if (Encoding.UTF8.GetByteCount(password) > BCryptMaxBytes || password.Contains('\0', StringComparison.Ordinal))
                {
                    return PasswordVerificationResult.Failed;
                }

                var matches = UsesNative(options.BCryptImplementation) && NativeBCrypt.Accepts(hash.AsSpan())
                    ? NativeBCrypt.Verify(password, hash) : BCryptNet.Verify(password, hash);
                return !matches ? PasswordVerificationResult.Failed
                    : Rehash(options.Algorithm != PasswordHashAlgorithm.BCrypt || options.BCryptPreHash || !hash.StartsWith("$2b$", StringComparison.Ordinal)
                        || BCryptNet.PasswordNeedsRehash(hash, options.BCryptWorkFactor));
            }

            if (hash.StartsWith(Pbkdf2Prefix, StringComparison.Ordinal))
            {
                return VerifyPbkdf2(hash, password, options);
            }

            if (hash.StartsWith(Argon2Prefix, StringComparison.Ordinal))
            {
                return VerifyArgon2id(hash, password, options);
            }
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or BCrypt.Net.SaltParseException or OverflowException)
        {
            // A damaged or foreign hash never matches; it must not surface as a 500.
        }

        return PasswordVerificationResult.Failed;
    }

    public static byte[] Pbkdf2(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, length);

    public static byte[] Argon2id(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length, byte[]? secret = null, byte[]? associatedData = null)
    {
        using var argon = new Argon2id(password)
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
            KnownSecret = secret,
            AssociatedData = associatedData,
        };
        return argon.GetBytes(length);
    }

    private static PasswordVerificationResult Rehash(bool needed) =>
        needed ? PasswordVerificationResult.SuccessRehashNeeded : PasswordVerificationResult.Success;

    private static string HashPbkdf2(string password, byte[] salt, int iterations)
    {
        var hash = Pbkdf2(password, salt, iterations, Pbkdf2HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Pbkdf2Prefix}i={iterations}${Encode(salt)}${Encode(hash)}");
    }

    private static PasswordVerificationResult VerifyPbkdf2(string hash, string password, PasswordOptions options)
    {
        // $pbkdf2-sha512$i=N$salt$hash
        var parts = hash.Split('$');
        if (parts.Length != 5 || !parts[2].StartsWith("i=", StringComparison.Ordinal))
        {
            return PasswordVerificationResult.Failed;
        }

        var iterations = int.Parse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture);
        var salt = Decode(parts[3]);
        var expected = Decode(parts[4]);
        if (iterations < 1 || expected.Length == 0)
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = Pbkdf2(password, salt, iterations, expected.Length);
        return !CryptographicOperations.FixedTimeEquals(actual, expected) ? PasswordVerificationResult.Failed
            : Rehash(options.Algorithm != PasswordHashAlgorithm.Pbkdf2Sha512 || iterations < options.Pbkdf2Iterations);
    }

    private static string HashArgon2id(string password, byte[] salt, int memoryKiB, int iterations, int parallelism)
    {
        var hash = Argon2id(Encoding.UTF8.GetBytes(password), salt, memoryKiB, iterations, parallelism, Argon2HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Argon2Prefix}v=19$m={memoryKiB},t={iterations},p={parallelism}${Encode(salt)}${Encode(hash)}");
    }

    private static PasswordVerificationResult VerifyArgon2id(string hash, string password, PasswordOptions options)
    {
        // $argon2id$v=19$m=M,t=T,p=P$salt$hash
        var parts = hash.Split('$');
        if (parts.Length != 6 || parts[2] != "v=19")
        {
            return PasswordVerificationResult.Failed;
        }

        int memory = 0, iterations = 0, parallelism = 0;
        foreach (var parameter in parts[3].Split(','))
        {
            var value = int.Parse(parameter.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (parameter[..2])
            {
                case "m=": memory = value; break;
                case "t=": iterations = value; break;
                case "p=": parallelism = value; break;
                default: return PasswordVerificationResult.Failed;
            }
        }

        // Bounds keep a forged hash from asking for gigabytes of memory or hours of work.
        if (memory < 8 * parallelism || memory > 4 * 1024 * 1024 || iterations is < 1 or > 100 || parallelism is < 1 or > 64)
        {
            return PasswordVerificationResult.Failed;
        }

        var salt = Decode(parts[4]);
        var expected = Decode(parts[5]);
        if (expected.Length < 4)
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = Argon2id(Encoding.UTF8.GetBytes(password), salt, memory, iterations, parallelism, expected.Length);
        return !CryptographicOperations.FixedTimeEquals(actual, expected) ? PasswordVerificationResult.Failed
            : Rehash(options.Algorithm != PasswordHashAlgorithm.Argon2id || memory < options.Argon2MemoryKiB || iterations < options.Argon2Iterations
                || parallelism != options.Argon2Parallelism);
    }

    // PHC strings use standard Base64 without padding.
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) =>
        Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
