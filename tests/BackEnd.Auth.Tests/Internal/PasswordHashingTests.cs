using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackEnd.Auth.Internal;
using BackEnd.Auth.Tests.Support;
using BCryptNet = BCrypt.Net.BCrypt;

namespace BackEnd.Auth.Tests.Internal;

public sealed class PasswordHashingTests
{
    private static readonly PasswordOptions Fast = new() { BCryptWorkFactor = 4 };

    public static TheoryData<string, string> BcryptVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var vector in Load("bcrypt_vectors.json").GetProperty("valid").EnumerateArray())
        {
            data.Add(vector.GetProperty("password_hex").GetString()!, vector.GetProperty("hash").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BcryptVectors))]
    public void Verify_PublishedBcryptVector_MatchesWhenOurLayerAcceptsThePassword(string passwordHex, string hash)
    {
        var bytes = Convert.FromHexString(passwordHex);
        var isUtf8 = TryDecodeUtf8(bytes, out var password);
        var supportedPrefix = hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal);

        var result = isUtf8 ? PasswordHashing.Verify(hash, password, Fast) : PasswordVerificationResult.Failed;

        if (!isUtf8 || !supportedPrefix)
        {
            // Latin-1 bytes that are not UTF-8 cannot be typed as a .NET string, and $2x$ (the pre-2011 bug) is not accepted.
            Assert.Equal(PasswordVerificationResult.Failed, result);
        }
        else if (bytes.Length > PasswordHashing.BCryptMaxBytes)
        {
            // The vector says bcrypt ignores bytes after 72; we refuse rather than match a hash of a prefix.
            Assert.True(BCryptNet.Verify(password, hash));
            Assert.Equal(PasswordVerificationResult.Failed, result);
        }
        else
        {
            Assert.NotEqual(PasswordVerificationResult.Failed, result);
            Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, password + "x", Fast));
        }
    }

    [Fact]
    public void BcryptVectors_IncludeEnoughUtf8VectorsOfEachAcceptedPrefix()
    {
        var usable = BcryptVectors().Select(row => ((string)row[0], (string)row[1]))
            .Where(v => TryDecodeUtf8(Convert.FromHexString(v.Item1), out _) && Convert.FromHexString(v.Item1).Length <= 72)
            .GroupBy(v => v.Item2[..4]).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(usable.GetValueOrDefault("$2a$") >= 5);
        Assert.True(usable.GetValueOrDefault("$2b$") >= 5);
        Assert.True(usable.GetValueOrDefault("$2y$") >= 1);
    }

    public static TheoryData<string> InvalidSettings()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load("bcrypt_vectors.json").GetProperty("invalid_settings").EnumerateArray())
        {
            data.Add(vector.GetProperty("setting").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Verify_InvalidBcryptSetting_FailsWithoutThrowing(string setting)
    {
        var result = PasswordHashing.Verify(setting + "abcdefghijklmnopqrstuvwxyzABCDE", "password", Fast);

        Assert.Equal(PasswordVerificationResult.Failed, result);
    }

    [Fact]
    public void HashBCrypt_Default_Writes2bWithTheConfiguredCost()
    {
        var hash = PasswordHashing.Hash("correct horse", new PasswordOptions { BCryptWorkFactor = 5 });

        Assert.StartsWith("$2b$05$", hash, StringComparison.Ordinal);
        Assert.Equal(60, hash.Length);
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(hash, "correct horse", new PasswordOptions { BCryptWorkFactor = 5 }));
    }

    [Fact]
    public void HashBCrypt_PasswordOver72Bytes_IsRefusedNotTruncated()
    {
        var password = new string('a', 73);

        var error = Assert.Throws<ArgumentException>(() => PasswordHashing.Hash(password, Fast));

        Assert.Contains("72", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PasswordSharingFirst72Bytes_DoesNotMatch()
    {
        var hash = PasswordHashing.Hash(new string('a', 72), Fast);

        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, new string('a', 72) + "b", Fast));
        Assert.NotEqual(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, new string('a', 72), Fast));
    }

    [Fact]
    public void HashBCrypt_PreHash_CountsEveryByteOfLongPasswords()
    {
        var options = new PasswordOptions { BCryptWorkFactor = 4, BCryptPreHash = true };
        var password = new string('a', 100);

        var hash = PasswordHashing.Hash(password, options);

        Assert.StartsWith("$bcrypt-sha384$2", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(hash, password, options));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, new string('a', 99) + "b", options));
    }

    [Fact]
    public void Verify_PlainHashWhenPreHashConfigured_MatchesAndAsksForRehash()
    {
        var plain = PasswordHashing.Hash("correct horse", Fast);

        var result = PasswordHashing.Verify(plain, "correct horse", new PasswordOptions { BCryptWorkFactor = 4, BCryptPreHash = true });

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, result);
    }

    [Fact]
    public void Verify_LowerBcryptCostThanConfigured_AsksForRehash()
    {
        var hash = PasswordHashing.Hash("correct horse", Fast);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, PasswordHashing.Verify(hash, "correct horse", new PasswordOptions { BCryptWorkFactor = 5 }));
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(hash, "correct horse", Fast));
    }

    [Fact]
    public void Verify_2aHash_AsksForRehashTo2b()
    {
        var hash = BCryptNet.HashPassword("correct horse", BCryptNet.GenerateSalt(4, 'a'));

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, PasswordHashing.Verify(hash, "correct horse", Fast));
    }

    public static TheoryData<string, string, string, int, int, string> Pbkdf2Sha512Vectors()
    {
        var data = new TheoryData<string, string, string, int, int, string>();
        foreach (var vector in Load("pbkdf2_vectors.json").EnumerateArray())
        {
            if (vector.GetProperty("prf").GetString() == "HMAC-SHA512")
            {
                data.Add(vector.GetProperty("source").GetString()!, vector.GetProperty("password_hex").GetString()!, vector.GetProperty("salt_hex").GetString()!,
                    vector.GetProperty("iterations").GetInt32(), vector.GetProperty("dklen").GetInt32(), vector.GetProperty("dk_hex").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pbkdf2Sha512Vectors))]
    public void Pbkdf2_PublishedSha512Vector_Matches(string source, string passwordHex, string saltHex, int iterations, int length, string expectedHex)
    {
        Assert.NotEmpty(source);
        var password = Encoding.UTF8.GetString(Convert.FromHexString(passwordHex));

        var derived = PasswordHashing.Pbkdf2(password, Convert.FromHexString(saltHex), iterations, length);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(derived));
    }

    [Fact]
    public void HashPbkdf2_Default_IsSelfDescribingAndVerifies()
    {
        var options = new PasswordOptions { Algorithm = PasswordHashAlgorithm.Pbkdf2Sha512 };

        var hash = PasswordHashing.Hash("correct horse", options);

        Assert.StartsWith("$pbkdf2-sha512$i=210000$", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(hash, "correct horse", options));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, "correct horsf", options));
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, PasswordHashing.Verify(hash, "correct horse", Fast));
    }

    // RFC 9106 §5.3: Argon2id, version 0x13, m=32 KiB, t=3, p=4, password 32×0x01, salt 16×0x02, secret 8×0x03, associated data 12×0x04.
    [Fact]
    public void Argon2id_Rfc9106Vector_Matches()
    {
        var tag = PasswordHashing.Argon2id(
            Enumerable.Repeat((byte)0x01, 32).ToArray(), Enumerable.Repeat((byte)0x02, 16).ToArray(), memoryKiB: 32, iterations: 3, parallelism: 4, length: 32,
            secret: Enumerable.Repeat((byte)0x03, 8).ToArray(), associatedData: Enumerable.Repeat((byte)0x04, 12).ToArray());

        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void HashArgon2id_Default_UsesOwaspParametersAndVerifies()
    {
        var options = new PasswordOptions { Algorithm = PasswordHashAlgorithm.Argon2id };

        var hash = PasswordHashing.Hash("correct horse", options);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(hash, "correct horse", options));
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, "Correct horse", options));
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, PasswordHashing.Verify(hash, "correct horse", new PasswordOptions { Algorithm = PasswordHashAlgorithm.Argon2id, Argon2Iterations = 3 }));
    }

    [Theory]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaA")]
    [InlineData("$pbkdf2-sha512$i=-1$c2FsdA$aGFzaA")]
    [InlineData("$pbkdf2-sha512$i=1000")]
    [InlineData("$2b$12$short")]
    [InlineData("plaintext-password")]
    [InlineData("")]
    public void Verify_DamagedOrForeignHash_FailsWithoutThrowing(string hash)
    {
        Assert.Equal(PasswordVerificationResult.Failed, PasswordHashing.Verify(hash, "password", Fast));
    }

    [PythonBcryptFact]
    public void HashBCrypt_RandomPasswords_VerifyInPythonBcryptAndBack()
    {
        var random = new Random(20261127);
        var passwords = Enumerable.Range(0, 24).Select(i => RandomPassword(random, nonAscii: i % 2 == 1)).ToList();
        var ours = passwords.Select(p => PasswordHashing.HashBCrypt(p, 4, preHash: false)).ToList();

        var output = RunPython("""
            import bcrypt, json, sys
            data = json.load(sys.stdin)
            verified = [bcrypt.checkpw(bytes.fromhex(p), h.encode()) for p, h in zip(data["passwords"], data["hashes"])]
            wrong = [bcrypt.checkpw(bytes.fromhex(p) + b"x", h.encode()) if len(bytes.fromhex(p)) < 72 else False for p, h in zip(data["passwords"], data["hashes"])]
            theirs = [bcrypt.hashpw(bytes.fromhex(p), bcrypt.gensalt(rounds=4, prefix=b"2b")).decode() for p in data["passwords"]]
            json.dump({"verified": verified, "wrong": wrong, "hashes": theirs}, sys.stdout)
            """, JsonSerializer.Serialize(new { passwords = passwords.Select(p => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(p))), hashes = ours }));

        using var result = JsonDocument.Parse(output);
        Assert.All(result.RootElement.GetProperty("verified").EnumerateArray(), v => Assert.True(v.GetBoolean()));
        Assert.All(result.RootElement.GetProperty("wrong").EnumerateArray(), v => Assert.False(v.GetBoolean()));
        var theirs = result.RootElement.GetProperty("hashes").EnumerateArray().Select(h => h.GetString()!).ToList();
        for (var i = 0; i < passwords.Count; i++)
        {
            Assert.StartsWith("$2b$04$", theirs[i], StringComparison.Ordinal);
            Assert.Equal(PasswordVerificationResult.Success, PasswordHashing.Verify(theirs[i], passwords[i], Fast));
        }
    }

    [Fact]
    public void RandomPassword_CoversEmptyTo72BytesAndNonAscii()
    {
        var random = new Random(20261127);
        var passwords = Enumerable.Range(0, 24).Select(i => RandomPassword(random, nonAscii: i % 2 == 1)).ToList();

        Assert.All(passwords, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 0, 72));
        Assert.Contains(passwords, p => p.Any(c => c > 127));
        Assert.Contains(passwords, p => Encoding.UTF8.GetByteCount(p) == 0);
        Assert.Contains(passwords, p => Encoding.UTF8.GetByteCount(p) >= 60);
    }

    internal static string RandomPassword(Random random, bool nonAscii)
    {
        // Byte budgets from 0 to 72, the first one empty and one near the limit, so the edges are always covered.
        var budget = random.Next(0, 73);
        if (random.Next(8) == 0)
        {
            budget = 0;
        }
        else if (random.Next(6) == 0)
        {
            budget = 72;
        }

        var builder = new StringBuilder();
        string[] pool = nonAscii ? ["é", "ß", "Ж", "中", "😀", "a", " ", "~", "ñ", "€"] : ["a", "Z", "0", " ", "~", "!", "\"", "\\", "$", "q"];
        while (true)
        {
            var next = pool[random.Next(pool.Length)];
            if (Encoding.UTF8.GetByteCount(builder + next) > budget)
            {
                break;
            }

            builder.Append(next);
        }

        return builder.ToString();
    }

    private static string RunPython(string script, string input)
    {
        using var process = Process.Start(new ProcessStartInfo(PythonBcryptFactAttribute.Python, ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "python3 did not finish");
        Assert.True(process.ExitCode == 0, error);
        return output;
    }

    internal static bool TryDecodeUtf8(byte[] bytes, out string text)
    {
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return !text.Contains('\0', StringComparison.Ordinal);
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file))).RootElement;
}
