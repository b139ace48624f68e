using System.Text;
using BackEnd.Auth.Internal;
using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using BCryptNet = BCrypt.Net.BCrypt;

namespace BackEnd.Auth.Tests.Internal;

/// <summary>bcrypt through libxcrypt against BCrypt.Net-Next: the same bytes for every input either takes.</summary>
public sealed class NativeBCryptTests
{
    private static readonly PasswordOptions Native = new() { BCryptWorkFactor = 4, BCryptImplementation = BCryptImplementation.Native };
    private static readonly PasswordOptions Managed = new() { BCryptWorkFactor = 4, BCryptImplementation = BCryptImplementation.Managed };

    public static TheoryData<string, string> CheapVectors()
    {
        // Cost 10 at most keeps the run short; PasswordHashingTests runs every vector through the default implementation.
        var data = new TheoryData<string, string>();
        foreach (var row in PasswordHashingTests.BcryptVectors())
        {
            var (hex, hash) = ((string)row[0], (string)row[1]);
            if (int.Parse(hash.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture) <= 10)
            {
                data.Add(hex, hash);
            }
        }

        return data;
    }

    [NativeBCryptFact]
    public void IsAvailable_WhereTheLibraryLoads_PassesTheSelfTest()
    {
        Assert.True(NativeBCrypt.IsAvailable);
        Assert.True(PasswordHashing.UsesNative(BCryptImplementation.Automatic));
        Assert.False(PasswordHashing.UsesNative(BCryptImplementation.Managed));
    }

    [NativeBCryptTheory]
    [MemberData(nameof(CheapVectors))]
    public void PublishedVector_BothImplementations_GiveTheSameAnswer(string passwordHex, string hash)
    {
        var bytes = Convert.FromHexString(passwordHex);
        var usable = PasswordHashingTests.TryDecodeUtf8(bytes, out var password) && bytes.Length <= PasswordHashing.BCryptMaxBytes && hash[2] != 'x';

        var native = PasswordHashing.Verify(hash, password, Native);
        var managed = PasswordHashing.Verify(hash, password, Managed);

        Assert.Equal(managed, native);
        Assert.Equal(usable, native != PasswordVerificationResult.Failed);
        if (usable)
        {
            // Straight to the C code, so a silent fallback to the managed one cannot pass this.
            Assert.True(NativeBCrypt.Accepts(hash.AsSpan()));
            Assert.True(NativeBCrypt.Verify(password, hash));
            Assert.False(NativeBCrypt.Verify(password + "x", hash));
            Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, password + "x", Native));
        }
    }

    [NativeBCryptFact]
    public void Hash_RandomPasswordsAtCost4_SameBytesAsBCryptNetNextWithTheSameSalt()
    {
        var random = new Random(20261128);
        for (var i = 0; i < 40; i++)
        {
            var password = PasswordHashingTests.RandomPassword(random, nonAscii: i % 2 == 1);

            var native = NativeBCrypt.Hash(password, 4);
            var managed = BCryptNet.HashPassword(password, BCryptNet.GenerateSalt(4, 'b'));

            Assert.Equal(BCryptNet.HashPassword(password, native[..29]), native);
            Assert.True(NativeBCrypt.Verify(password, managed));
            if (Encoding.UTF8.GetByteCount(password) < PasswordHashing.BCryptMaxBytes)
            {
                Assert.False(NativeBCrypt.Verify(password + "!", managed));
            }
        }
    }

    [NativeBCryptFact]
    public void Hash_SaltsAreFreshAndInBcryptBase64()
    {
        var hashes = Enumerable.Range(0, 20).Select(_ => NativeBCrypt.Hash("correct horse", 4)).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(hashes, h => Assert.True(NativeBCrypt.Accepts(h.AsSpan())));
        // bcrypt base64 of 16 bytes leaves the last salt character's low 4 bits zero: only ".Oeu" can end it.
        Assert.All(hashes, h => Assert.Contains(h[28], ".Oeu"));
    }

    [NativeBCryptTheory]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij")] // 72 ASCII bytes
    [InlineData("ééééééééééééééééééééééééééééééééééää")] // 72 bytes in 2-byte characters
    [InlineData("中中中中中中中中中中中中中中中中中中中中中中中中")] // 72 bytes in 3-byte characters
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")] // 72 bytes in surrogate pairs
    [InlineData("ß")]
    [InlineData("")]
    public void Hash_EdgePasswords_SameBytesAsBCryptNetNext(string password)
    {
        Assert.InRange(Encoding.UTF8.GetByteCount(password), 0, 72);

        var native = PasswordHashing.HashBCrypt(password, 4, preHash: false, BCryptImplementation.Native);

        Assert.Equal(BCryptNet.HashPassword(password, native[..29]), native);
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(native, password, Native));
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(native, password, Managed));
    }

    [NativeBCryptFact]
    public void Over72Bytes_RefusedByBothAndNeverSentToTheCCode()
    {
        var password = new string('é', 36) + "a"; // 73 bytes

        Assert.False(NativeBCrypt.Accepts(password));
        Assert.Throws<ArgumentException>(() => PasswordHashing.HashBCrypt(password, 4, preHash: false, BCryptImplementation.Native));
        var hashOfPrefix = NativeBCrypt.Hash(new string('é', 36), 4);
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hashOfPrefix, password, Native));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hashOfPrefix, password, Managed));
    }

    [NativeBCryptFact]
    public void PasswordWithNul_GoesToTheManagedCode_NeverATruncatedHash()
    {
        const string password = "correct\0horse";

        var hash = PasswordHashing.HashBCrypt(password, 4, preHash: false, BCryptImplementation.Native);

        Assert.False(NativeBCrypt.Accepts(password));
        Assert.Equal(BCryptNet.HashPassword(password, hash[..29]), hash);
        Assert.True(BCryptNet.Verify(password, hash));
        Assert.False(BCryptNet.Verify("correct", hash));
        Assert.NotEqual(NativeBCrypt.Hash("correct", 4)[29..], hash[29..]);
    }

    [NativeBCryptFact]
    public void LoneSurrogate_FailsAlikeInBoth()
    {
        const string password = "abc\uD800def";
        var hash = NativeBCrypt.Hash("abc\uFFFDdef", 4);

        var native = Record.Exception(() => PasswordHashing.HashBCrypt(password, 4, preHash: false, BCryptImplementation.Native));
        var managed = Record.Exception(() => PasswordHashing.HashBCrypt(password, 4, preHash: false, BCryptImplementation.Managed));

        Assert.IsType<EncoderFallbackException>(native);
        Assert.IsType<EncoderFallbackException>(managed);
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, password, Native));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, password, Managed));
    }

    [NativeBCryptTheory]
    [InlineData('a')]
    [InlineData('b')]
    [InlineData('y')]
    public void StoredPrefix_VerifiesInTheCCodeAsInBCryptNetNext(char minor)
    {
        var hash = BCryptNet.HashPassword("Grüße, 世界", BCryptNet.GenerateSalt(4, minor));

        Assert.StartsWith($"$2{minor}$04$", hash, StringComparison.Ordinal);
        Assert.True(NativeBCrypt.Accepts(hash.AsSpan()));
        Assert.True(NativeBCrypt.Verify("Grüße, 世界", hash));
        Assert.False(NativeBCrypt.Verify("Grüsse, 世界", hash));
        Assert.Equal(minor == 'b' ? PasswordVerificationResult.Success : PasswordVerificationResult.SuccessRehashNeeded,
            PasswordHashing.Verify(hash, "Grüße, 世界", Native));
    }

    [NativeBCryptTheory]
    [InlineData("$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2b$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2c$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe!")]
    [InlineData("$2a$5$CCCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    public void MalformedOrOutOfRangeHash_NotTakenByTheCCode_AndFailsInBoth(string hash)
    {
        Assert.False(NativeBCrypt.Accepts(hash.AsSpan()));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, "U*U", Native));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, "U*U", Managed));
    }

    [NativeBCryptTheory]
    [InlineData("$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2b$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2c$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$2z$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    public void LibraryFailure_IsNeverAMatch(string setting)
    {
        // Past the format check, straight into crypt_rn: it answers NULL for these, which must read as "no match".
        Assert.False(NativeBCrypt.Verify("U*U", setting));
    }

    [NativeBCryptFact]
    public void CostBounds_4And31AreTheCCodesToo()
    {
        Assert.True(NativeBCrypt.Accepts("$2b$04$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW".AsSpan()));
        Assert.True(NativeBCrypt.Accepts("$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW".AsSpan()));
        Assert.StartsWith("$2b$04$", NativeBCrypt.Hash("x", 4), StringComparison.Ordinal);
    }

    [NativeBCryptFact]
    public void AfterACall_TheThreadsCryptDataHoldsNoSecret()
    {
        var hash = NativeBCrypt.Hash("a secret password", 4);
        Assert.True(NativeBCrypt.Verify("a secret password", hash));

        var data = NativeBCrypt.ThreadData;

        Assert.Equal(32768, data.Length);
        Assert.True(data.IndexOfAnyExcept((byte)0) < 0, "the key schedule or the phrase stayed in struct crypt_data");
    }

    [NativeBCryptFact]
    public async Task PasswordHasher_SaysWhichImplementationAndHashesAlike()
    {
        var automatic = Hasher(o => o.BCryptWorkFactor = 4);
        var managed = Hasher(o => { o.BCryptWorkFactor = 4; o.BCryptImplementation = BCryptImplementation.Managed; });
        var preHash = Hasher(o => { o.BCryptWorkFactor = 4; o.BCryptPreHash = true; });

        Assert.Equal(BCryptImplementation.Native, automatic.BCryptImplementation);
        Assert.Equal(BCryptImplementation.Managed, managed.BCryptImplementation);
        Assert.Equal(BCryptImplementation.Managed, preHash.BCryptImplementation);
        var fromNative = await automatic.HashAsync("correct horse");
        var fromManaged = await managed.HashAsync("correct horse");
        Assert.Equal(PasswordVerificationResult.Success, await managed.VerifyAsync(fromNative, "correct horse"));
        Assert.Equal(PasswordVerificationResult.Success, await automatic.VerifyAsync(fromManaged, "correct horse"));
        Assert.Equal(PasswordVerificationResult.Failed, await automatic.VerifyAsync(fromManaged, "correct horsE"));
    }

    private static PasswordHasher Hasher(Action<PasswordOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBackEnd().AddInMemoryStorage().AddAuth(o => configure(o.Passwords));
        return services.BuildServiceProvider().GetRequiredService<PasswordHasher>();
    }
}
