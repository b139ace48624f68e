using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace BackEnd.Auth.Internal;

/// <summary>
/// bcrypt through the system's crypt library (libxcrypt's <c>crypt_rn</c>, Openwall's crypt_blowfish in C), about a quarter
/// faster than the managed BCrypt.Net-Next for the same bytes. Used only when the library loads and reproduces published
/// vectors; it takes only what it computes exactly as BCrypt.Net-Next does (well-formed <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>
/// hashes, passwords of at most 72 UTF-8 bytes without U+0000): the caller sends anything else to the managed code.
/// </summary>
internal static class NativeBCrypt
{
    // sizeof(struct crypt_data) in libxcrypt: output 384 + setting 384 + input 512 + reserved 767 + initialized 1 + internal 30,720.
    private const int CryptDataSize = 32768;
    private const int HashLength = 60;
    private const string Alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // BCrypt.Net-Next encodes with a throwing UTF-8 encoder: a lone surrogate must fail here too, not hash U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    private static readonly Lazy<bool> Loaded = new(SelfTest);

    // One struct crypt_data per thread (the hashing threads are few and long-lived); pinned so the call needs no copy.
    [ThreadStatic]
    private static byte[]? t_data;

    /// <summary>Gets whether the crypt library loaded and passed the self-test on published vectors.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>Gets this thread's <c>struct crypt_data</c>, for tests that check no secret stays in it.</summary>
    internal static ReadOnlySpan<byte> ThreadData => t_data;

    /// <summary>Whether this password can go to the C code: it reads a NUL-terminated string, and 72 bytes at most.</summary>
    public static bool Accepts(string password) =>
        !password.Contains('\0', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(password) <= PasswordHashing.BCryptMaxBytes;

    /// <summary>Whether a stored hash is exactly the form both implementations read the same way.</summary>
    public static bool Accepts(ReadOnlySpan<char> hash)
    {
        if (hash.Length != HashLength || hash[0] != '$' || hash[1] != '2' || hash[2] is not ('a' or 'b' or 'y') || hash[3] != '$'
            || !char.IsAsciiDigit(hash[4]) || !char.IsAsciiDigit(hash[5]) || hash[6] != '$')
        {
            return false;
        }

        var cost = ((hash[4] - '0') * 10) + (hash[5] - '0');
        return cost is >= 4 and <= 31 && !hash[7..].ContainsAnyExcept(AlphabetValues);
    }

    /// <summary>Hashes with a salt of 16 bytes from <see cref="RandomNumberGenerator"/>, as <c>$2b$</c>.</summary>
    /// <exception cref="CryptographicException">The library refused the setting.</exception>
    public static string Hash(string password, int workFactor)
    {
        Span<byte> salt = stackalloc byte[16];
        RandomNumberGenerator.Fill(salt);
        Span<byte> setting = stackalloc byte[30];
        "$2b$"u8.CopyTo(setting);
        setting[4] = (byte)('0' + (workFactor / 10));
        setting[5] = (byte)('0' + (workFactor % 10));
        setting[6] = (byte)'$';
        EncodeBase64(salt, setting[7..29]);
        setting[29] = 0;
        Span<byte> output = stackalloc byte[HashLength];
        return Crypt(password, setting, output) ? Encoding.ASCII.GetString(output)
            : throw new CryptographicException("The system's crypt library refused the bcrypt setting.");
    }

    /// <summary>Whether the password matches a hash that <see cref="Accepts(ReadOnlySpan{char})"/>; compared in fixed time.</summary>
    public static bool Verify(string password, string hash)
    {
        Span<byte> setting = stackalloc byte[HashLength + 1];
        Encoding.ASCII.GetBytes(hash, setting);
        setting[HashLength] = 0;
        Span<byte> output = stackalloc byte[HashLength];
        return Crypt(password, setting, output) && CryptographicOperations.FixedTimeEquals(output, setting[..HashLength]);
    }

    private static bool Crypt(string password, ReadOnlySpan<byte> setting, Span<byte> output)
    {
        var data = t_data ??= GC.AllocateArray<byte>(CryptDataSize, pinned: true);
        Span<byte> phrase = stackalloc byte[PasswordHashing.BCryptMaxBytes + 1];
        try
        {
            var length = StrictUtf8.GetBytes(password, phrase[..PasswordHashing.BCryptMaxBytes]);
            phrase[length] = 0;
            var result = NativeMethods.crypt_rn(ref MemoryMarshal.GetReference(phrase), ref MemoryMarshal.GetReference(setting), data, data.Length);

            // NULL, or a failure token starting with '*', or anything not a whole hash is a failure, never a match.
            if (result == IntPtr.Zero)
            {
                return false;
            }

            var text = Marshal.PtrToStringAnsi(result);
            if (text is null || text.Length != HashLength || text[0] != '$')
            {
                return false;
            }

            Encoding.ASCII.GetBytes(text, output);
            return true;
        }
        finally
        {
            // The key schedule and the phrase are secrets; neither stays in memory after the call.
            CryptographicOperations.ZeroMemory(phrase);
            CryptographicOperations.ZeroMemory(data);
        }
    }

    private static bool SelfTest()
    {
        try
        {
            // Openwall's crypt_blowfish and pyca/bcrypt vectors ($2a$, $2b$, the empty password), a wrong password, and a round trip.
            return Verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")
                && Verify("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy")
                && Verify("Kk4DQuMMfZL9o", "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm")
                && !Verify("U*V", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")
                && Hash("U*U", 4) is { } made && made.StartsWith("$2b$04$", StringComparison.Ordinal) && Verify("U*U", made) && !Verify("U*U!", made);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or CryptographicException)
        {
            return false;
        }
    }

    // bcrypt's own base64: its alphabet, no padding, 16 bytes to 22 characters.
    private static void EncodeBase64(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        var at = 0;
        for (var i = 0; i < bytes.Length; i += 3)
        {
            var c1 = bytes[i];
            destination[at++] = (byte)Alphabet[c1 >> 2];
            var c = (c1 & 0x03) << 4;
            if (i + 1 >= bytes.Length)
            {
                destination[at++] = (byte)Alphabet[c];
                break;
            }

            var c2 = bytes[i + 1];
            destination[at++] = (byte)Alphabet[c | (c2 >> 4)];
            c = (c2 & 0x0f) << 2;
            if (i + 2 >= bytes.Length)
            {
                destination[at++] = (byte)Alphabet[c];
                break;
            }

            var c3 = bytes[i + 2];
            destination[at++] = (byte)Alphabet[c | (c3 >> 6)];
            destination[at++] = (byte)Alphabet[c3 & 0x3f];
        }
    }

    private static class NativeMethods
    {
        // libxcrypt's soname on Debian/Ubuntu/Fedora; elsewhere the load fails and the managed code is used.
        [DllImport("libcrypt.so.1", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr crypt_rn(ref byte phrase, ref byte setting, byte[] data, int size);
    }
}
