using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BackEnd.Storage.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackEnd.Storage.Providers;

/// <summary>Seals keyset cursors so a client can neither read the sort values inside nor make one up. For storage providers.</summary>
/// <remarks>
/// Encrypt-then-MAC: AES-256-CBC with a random IV hides the values, and HMAC-SHA256 over the format byte, IV and ciphertext
/// is checked in constant time before anything is decrypted. Both keys are derived from one master key with HKDF-SHA256.
/// </remarks>
public sealed class CursorProtector
{
    /// <summary>The smallest master key, in bytes.</summary>
    public const int MinimumKeySize = 32;

    /// <summary>The name of the configuration value that holds the key in base64.</summary>
    public const string ConfigurationKey = "BackEnd:Storage:CursorKey";

    private const byte FormatVersion = 1;
    private const int IvSize = 16;
    private const int TagSize = 32;
    private const int StackTokenSize = 512;
    private const int RandomBatchSize = 32 * IvSize;

    [ThreadStatic]
    private static Aes? t_aes;

    [ThreadStatic]
    private static CursorProtector? t_aesOwner;

    [ThreadStatic]
    private static ICryptoTransform? t_encryptor;

    [ThreadStatic]
    private static CursorProtector? t_encryptorOwner;

    [ThreadStatic]
    private static byte[]? t_plain;

    [ThreadStatic]
    private static byte[]? t_sealed;

    [ThreadStatic]
    private static IncrementalHash? t_mac;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_randomUsed;

    [ThreadStatic]
    private static CursorProtector? t_macOwner;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _macKey;

    /// <summary>Initializes a protector with a master key.</summary>
    /// <param name="key">The master key, at least <see cref="MinimumKeySize"/> bytes of randomness.</param>
    public CursorProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeySize)
        {
            throw new ArgumentException($"A cursor key needs at least {MinimumKeySize} bytes; it has {key.Length}.", nameof(key));
        }

        _encryptionKey = DeriveKey(key, "BackEnd.Storage.Cursor.Encryption");
        _macKey = DeriveKey(key, "BackEnd.Storage.Cursor.Authentication");
    }

    /// <summary>Gets a protector whose key is random and lives as long as this process; cursors do not survive a restart or cross nodes.</summary>
    public static CursorProtector Ephemeral { get; } = new(RandomNumberGenerator.GetBytes(MinimumKeySize));

    /// <summary>Creates the protector a provider registers: from <see cref="StorageCursorOptions"/>, configuration, or a generated key file.</summary>
    /// <param name="services">The application's services.</param>
    /// <returns>The protector.</returns>
    /// <exception cref="InvalidOperationException">A configured key is not base64 of at least <see cref="MinimumKeySize"/> bytes.</exception>
    public static CursorProtector FromServices(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetService<IOptions<StorageCursorOptions>>()?.Value ?? new StorageCursorOptions();
        var configured = options.Key ?? services.GetService<IConfiguration>()?[ConfigurationKey];
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("BackEnd.Storage");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new CursorProtector(ParseKey(configured, "The configured cursor key"));
        }

        var path = options.KeyFile ?? DefaultKeyFile();
        if (path is not null)
        {
            try
            {
                return new CursorProtector(LoadOrCreateKeyFile(path));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                StorageLog.CursorKeyFileUnusable(logger, path, exception);
                return Ephemeral;
            }
        }

        StorageLog.CursorKeyFileUnusable(logger, "(no local application data folder)", null);
        return Ephemeral;
    }

    /// <summary>Seals a payload.</summary>
    /// <param name="payload">The cursor's content.</param>
    /// <returns>A URL-safe token.</returns>
    public string Protect(ReadOnlySpan<byte> payload)
    {
        // Sealed for every page that has a next one, so the token is assembled on the stack with this thread's cipher.
        var cipherLength = (payload.Length / IvSize + 1) * IvSize;
        var length = 1 + IvSize + cipherLength + TagSize;
        if (length > StackTokenSize)
        {
            return ProtectLarge(payload, cipherLength, length);
        }

        // CBC over a random block followed by the payload: the random block's ciphertext is the IV of the rest, so the token
        // is ordinary AES-CBC with an unpredictable IV (TryUnprotect opens it as such). The thread's encryptor keeps its key
        // schedule between cursors, where a one-shot call set up a new cipher context for each; the chaining it carries over
        // from the previous cursor only masks the fresh random block, which stays uniformly random.
        var plain = t_plain ??= new byte[StackTokenSize];
        var sealedBytes = t_sealed ??= new byte[StackTokenSize];
        var blocks = plain.AsSpan(0, IvSize + cipherLength);
        TakeRandomBlock(blocks[..IvSize]);
        payload.CopyTo(blocks[IvSize..]);
        blocks[(IvSize + payload.Length)..].Fill((byte)(cipherLength - payload.Length));
        Encryptor().TransformBlock(plain, 0, blocks.Length, sealedBytes, 0);
        blocks.Clear();
        Span<byte> token = stackalloc byte[StackTokenSize];
        token = token[..length];
        token[0] = FormatVersion;
        sealedBytes.AsSpan(0, blocks.Length).CopyTo(token[1..]);
        var signed = token[..(1 + IvSize + cipherLength)];
        Authenticate(signed, token[signed.Length..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Opens a sealed token.</summary>
    /// <param name="token">The token from <see cref="Protect"/>.</param>
    /// <param name="payload">The content, when the token is authentic.</param>
    /// <returns>Whether the token was made by a protector with the same key and was not altered.</returns>
    public bool TryUnprotect(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var cipherLength = bytes.Length - 1 - IvSize - TagSize;
        if (cipherLength < 16 || cipherLength % 16 != 0 || bytes[0] != FormatVersion)
        {
            return false;
        }

        var signed = bytes.AsSpan(0, 1 + IvSize + cipherLength);
        Span<byte> tag = stackalloc byte[TagSize];
        Authenticate(signed, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes.AsSpan(signed.Length)))
        {
            return false;
        }

        try
        {
            payload = Cipher().DecryptCbc(bytes.AsSpan(1 + IvSize, cipherLength), bytes.AsSpan(1, IvSize));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private string ProtectLarge(ReadOnlySpan<byte> payload, int cipherLength, int length)
    {
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var token = rented.AsSpan(0, length);
            token[0] = FormatVersion;
            var iv = token.Slice(1, IvSize);
            RandomNumberGenerator.Fill(iv);
            Cipher().EncryptCbc(payload, iv, token.Slice(1 + IvSize, cipherLength));
            var signed = token[..(1 + IvSize + cipherLength)];
            Authenticate(signed, token[signed.Length..]);
            return Base64Url.EncodeToString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Fresh random bytes for one cursor from this thread's batch: each call into the system's generator cost more than the
    // rest of the sealing (OpenSSL's DRBG checks the process id with a system call on every request), so it is asked for 32
    // blocks at a time. Each block is used once and wiped; the bytes need only be unpredictable, not secret.
    private static void TakeRandomBlock(Span<byte> block)
    {
        var batch = t_random ??= new byte[RandomBatchSize];
        var used = t_randomUsed;
        if (used == 0)
        {
            RandomNumberGenerator.Fill(batch);
            used = RandomBatchSize;
        }

        used -= IvSize;
        var source = batch.AsSpan(used, IvSize);
        source.CopyTo(block);
        source.Clear();
        t_randomUsed = used;
    }

    // The thread's CBC encryptor (no padding: Protect pads), keyed for the protector that used it last.
    private ICryptoTransform Encryptor()
    {
        var encryptor = t_encryptor;
        if (encryptor is null || !ReferenceEquals(t_encryptorOwner, this))
        {
            encryptor?.Dispose();
            using var aes = Aes.Create();
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.None;
            encryptor = t_encryptor = aes.CreateEncryptor(_encryptionKey, new byte[IvSize]);
            t_encryptorOwner = this;
        }

        return encryptor;
    }

    // One Aes object per thread, keyed for the protector that used it last: creating and keying one per cursor cost more
    // than the encryption. The one-shot CBC calls keep no state between calls, so reuse cannot leak one cursor into the next.
    private Aes Cipher()
    {
        var aes = t_aes ??= Aes.Create();
        if (!ReferenceEquals(t_aesOwner, this))
        {
            aes.Key = _encryptionKey;
            t_aesOwner = this;
        }

        return aes;
    }

    // HMAC-SHA256 with this thread's keyed hash: the one-shot call looks up and keys a new MAC context each time, which cost
    // more than hashing a cursor. GetHashAndReset leaves it keyed and empty, so nothing of one cursor reaches the next.
    private void Authenticate(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        var mac = t_mac;
        if (mac is null || !ReferenceEquals(t_macOwner, this))
        {
            mac?.Dispose();
            mac = t_mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _macKey);
            t_macOwner = this;
        }

        mac.AppendData(data);
        mac.GetHashAndReset(tag);
    }

    internal static byte[] DeriveKey(ReadOnlySpan<byte> master, string purpose)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, key, salt: [], info: Encoding.UTF8.GetBytes(purpose));
        return key;
    }

    internal static byte[] Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    private static byte[] ParseKey(string text, string what)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"{what} is not base64; write {MinimumKeySize} random bytes in base64 (e.g. `openssl rand -base64 32`).", exception);
        }

        return key.Length >= MinimumKeySize
            ? key
            : throw new InvalidOperationException($"{what} has {key.Length} bytes; it needs at least {MinimumKeySize} (e.g. `openssl rand -base64 32`).");
    }

    private static string? DefaultKeyFile()
    {
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "BackEnd", "cursor.key");
    }

    private static byte[] LoadOrCreateKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeySize)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; both use its key.
            }
        }

        return ParseKey(File.ReadAllText(path), $"The cursor key file '{path}'");
    }
}
