using System.Buffers.Text;
using System.Text;
using BackEnd.Storage.Providers;

namespace BackEnd.Core.Tests.Storage;

public sealed class CursorProtectorTests
{
    private static readonly byte[] KeyA = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] KeyB = [.. Enumerable.Range(2, 32).Select(i => (byte)i)];

    [Fact]
    public void Sign_Rfc4231TestCase2_MatchesPublishedTag()
    {
        var tag = CursorProtector.Sign("Jefe"u8, "what do ya want for nothing?"u8);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void DeriveKey_Rfc5869TestCase3_MatchesPublishedOutput()
    {
        // RFC 5869 A.3: SHA-256, IKM = 22 bytes of 0x0b, empty salt and info; the first 32 bytes of the 42-byte OKM.
        var key = CursorProtector.DeriveKey(Enumerable.Repeat((byte)0x0b, 22).ToArray(), purpose: "");

        Assert.Equal("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Protect_ThenUnprotect_ReturnsPayloadWithoutShowingIt()
    {
        var protector = new CursorProtector(KeyA);
        var payload = "{\"secret\":\"hash-of-a-password\"}"u8.ToArray();

        var token = protector.Protect(payload);
        var opened = protector.TryUnprotect(token, out var read);

        Assert.True(opened);
        Assert.Equal(payload, read);
        Assert.DoesNotContain("hash-of-a-password", Encoding.Latin1.GetString(Base64Url.DecodeFromChars(token)), StringComparison.Ordinal);
        Assert.NotEqual(token, protector.Protect(payload));
    }

    [Fact]
    public void Protect_ManyInTurn_EachTagIsHmacSha256OfVersionIvAndCiphertext()
    {
        // The MAC context is kept per thread between calls; each tag must still cover its own token alone, under the derived key.
        var macKey = CursorProtector.DeriveKey(KeyA, "BackEnd.Storage.Cursor.Authentication");
        var protector = new CursorProtector(KeyA);

        for (var i = 0; i < 3; i++)
        {
            var sealedBytes = Base64Url.DecodeFromChars(protector.Protect(Encoding.UTF8.GetBytes(new string('p', 10 + (i * 20)))));
            var expected = System.Security.Cryptography.HMACSHA256.HashData(macKey, sealedBytes.AsSpan(0, sealedBytes.Length - 32));

            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(sealedBytes.AsSpan(sealedBytes.Length - 32)));
        }
    }

    [Fact]
    public void Protect_EveryLengthAroundTheBlocksAndTheKeptBuffer_IsPlainAesCbcUnderTheDerivedKey()
    {
        // Tokens up to 512 bytes are sealed with a kept per-thread encryptor, longer ones with the one-shot call; both must
        // be AES-256-CBC with PKCS#7 padding that a standard implementation opens with the token's IV.
        var encryptionKey = CursorProtector.DeriveKey(KeyA, "BackEnd.Storage.Cursor.Encryption");
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = encryptionKey;
        var protector = new CursorProtector(KeyA);
        foreach (var size in Enumerable.Range(0, 40).Concat(Enumerable.Range(440, 40)))
        {
            var payload = Enumerable.Range(0, size).Select(i => (byte)(i * 7 + size)).ToArray();

            var sealedBytes = Base64Url.DecodeFromChars(protector.Protect(payload));
            var cipherText = sealedBytes.AsSpan(17, sealedBytes.Length - 17 - 32);

            Assert.Equal(1, sealedBytes[0]);
            Assert.Equal((size / 16 + 1) * 16, cipherText.Length);
            Assert.Equal(payload, aes.DecryptCbc(cipherText, sealedBytes.AsSpan(1, 16)));
            Assert.True(protector.TryUnprotect(protector.Protect(payload), out var opened));
            Assert.Equal(payload, opened);
        }
    }

    [Fact]
    public void Protect_SamePayloadManyTimes_NeverRepeatsAnIvOrCiphertext()
    {
        var protector = new CursorProtector(KeyA);
        var payload = "{\"t\":\"Product\",\"o\":\"Id+\",\"v\":[\"60\"]}"u8.ToArray();
        var ivs = new HashSet<string>(StringComparer.Ordinal);
        var blocks = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 2000; i++)
        {
            var sealedBytes = Base64Url.DecodeFromChars(protector.Protect(payload));
            Assert.True(ivs.Add(Convert.ToHexString(sealedBytes.AsSpan(1, 16))));
            Assert.True(blocks.Add(Convert.ToHexString(sealedBytes.AsSpan(17, 16))));
        }
    }

    [Fact]
    public void Protect_OnManyThreadsAcrossRandomBatches_NeverRepeatsAnIv()
    {
        // Each thread draws its IVs' random blocks from its own batch: no two threads, and no refill, may hand out the same.
        var protector = new CursorProtector(KeyA);
        var payload = "{\"v\":[\"1\"]}"u8.ToArray();
        var tokens = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 300; i++)
            {
                tokens.Add(protector.Protect(payload));
            }
        });

        var ivs = tokens.Select(t => Convert.ToHexString(Base64Url.DecodeFromChars(t).AsSpan(1, 16))).ToList();
        Assert.Equal(2400, ivs.Count);
        Assert.Equal(ivs.Count, ivs.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.True(protector.TryUnprotect(t, out var read) && read.AsSpan().SequenceEqual(payload)));
    }

    [Fact]
    public void TryUnprotect_AnyFlippedBit_IsRefused()
    {
        var protector = new CursorProtector(KeyA);
        var bytes = Base64Url.DecodeFromChars(protector.Protect("{\"o\":\"Id+\",\"v\":[\"7\"]}"u8));

        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;

            Assert.False(protector.TryUnprotect(Base64Url.EncodeToString(tampered), out _), $"A flipped bit at byte {i} was accepted.");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("eyJvIjoiSWQrIiwidiI6WyJ4Il19")]
    [InlineData("AQ")]
    public void TryUnprotect_Garbage_IsRefused(string token)
    {
        var protector = new CursorProtector(KeyA);

        Assert.False(protector.TryUnprotect(token, out _));
    }

    [Fact]
    public void TryUnprotect_OtherKeyOrTruncated_IsRefused()
    {
        var token = new CursorProtector(KeyA).Protect("payload"u8);

        Assert.False(new CursorProtector(KeyB).TryUnprotect(token, out _));
        Assert.False(new CursorProtector(KeyA).TryUnprotect(token[..^4], out _));
        Assert.True(new CursorProtector(KeyA).TryUnprotect(token, out _));
    }

    [Fact]
    public void Protect_TwoKeysInTurnOnOneThread_SealsEachWithItsOwnKey()
    {
        var a = new CursorProtector(KeyA);
        var b = new CursorProtector(KeyB);
        var tokens = new[] { a.Protect("first"u8), b.Protect("second"u8), a.Protect("third"u8) };

        // Opened on a thread of their own by new protectors, so a cipher left keyed for the other protector would show.
        var opened = new string[tokens.Length];
        var thread = new Thread(() =>
        {
            var keys = new[] { KeyA, KeyB, KeyA };
            for (var i = 0; i < tokens.Length; i++)
            {
                opened[i] = new CursorProtector(keys[i]).TryUnprotect(tokens[i], out var payload) ? Encoding.UTF8.GetString(payload) : "(refused)";
            }
        });
        thread.Start();
        thread.Join();

        Assert.Equal(["first", "second", "third"], opened);
        Assert.False(a.TryUnprotect(tokens[1], out _));
    }

    [Fact]
    public void Protect_PayloadLargerThanTheStackBuffer_RoundTrips()
    {
        var protector = new CursorProtector(KeyA);
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();

        Assert.True(protector.TryUnprotect(protector.Protect(payload), out var read));
        Assert.Equal(payload, read);
    }

    [Fact]
    public void Constructor_ShortKey_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new CursorProtector(new byte[31]));

        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }
}
