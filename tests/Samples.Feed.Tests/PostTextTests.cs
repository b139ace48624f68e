using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feed;

namespace Samples.Feed.Tests;

/// <summary>A post's length is what a reader sees: grapheme clusters, not UTF-16 code units or code points.</summary>
public sealed class PostTextTests
{
    public static TheoryData<string> Clusters => new()
    {
        "a",
        "\U0001F600",                                        // 😀: one code point, two UTF-16 units
        "\U0001F44D\U0001F3FD",                              // 👍🏽: thumbs up + skin tone modifier
        "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", // 👨‍👩‍👧‍👦: a ZWJ sequence of 11 units
        "\U0001F1E9\U0001F1EA",                              // 🇩🇪: a pair of regional indicators
        "e\u0301",                                           // é as e + combining acute
        "\u1100\u1161\u11A8",                                // 각 as three conjoining jamo
    };

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Validate_MaxLengthClusters_IsAcceptedAndOneMoreIsNot(string cluster)
    {
        var atLimit = string.Concat(Enumerable.Repeat(cluster, PostText.MaxLength));

        var accepted = PostText.Validate(atLimit, out var clean);
        var refused = PostText.Validate(atLimit + cluster, out _);

        Assert.Null(accepted);
        Assert.Equal(atLimit, clean);
        Assert.NotNull(refused);
        Assert.Contains("281", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StackedCombiningMarks_AreBoundedByTheStorageLimit()
    {
        var zalgo = "a" + new string('\u0301', PostText.MaxUtf16Length);

        var error = PostText.Validate(zalgo, out _);

        Assert.NotNull(error);
        Assert.Contains("UTF-16", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  padded  ", "padded")]
    [InlineData("\u00A0nbsp\u2003", "nbsp")]
    [InlineData("line 1\nline 2", "line 1\nline 2")]
    public void Validate_TrimsOuterWhiteSpaceOnly(string text, string expected)
    {
        Assert.Null(PostText.Validate(text, out var clean));
        Assert.Equal(expected, clean);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u3000\u00A0\n")]
    [InlineData("\u0000")]
    [InlineData("a\u001Bb")]
    public void Validate_EmptyWhiteSpaceControlOrBrokenUnicode_IsRefused(string? text)
    {
        Assert.NotNull(PostText.Validate(text, out _));
    }

    [Fact]
    public void Validate_UnpairedSurrogates_AreRefused()
    {
        // Built here, not in attributes: test discovery would turn lone surrogates into U+FFFD.
        string[] texts = ["\uDC00 reversed pair \uD800", "high at end " + '\uD83D', '\uDE00' + " low first", "a\uD83D\uD83Db"];

        Assert.All(texts, t => Assert.Contains("surrogate", PostText.Validate(t, out _), StringComparison.Ordinal));
        Assert.Null(PostText.Validate("\uD83D\uDE00", out _));
    }

    [Fact]
    public async Task Post_280FamilyEmojiAnd280DecomposedAccents_AreAcceptedOverHttp()
    {
        await using var feed = await FeedHost.StartAsync();
        using var alice = await feed.SignInAsync("alice");
        var family = string.Concat(Enumerable.Repeat("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", 280));
        var accents = string.Concat(Enumerable.Repeat("e\u0301", 280));

        using var familyResponse = await alice.PostAsJsonAsync("/api/posts", new { text = family });
        using var accentsResponse = await alice.PostAsJsonAsync("/api/posts", new { text = accents });
        using var tooMany = await alice.PostAsJsonAsync("/api/posts", new { text = accents + "e\u0301" });

        Assert.Equal(HttpStatusCode.Created, familyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accentsResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var stored = JsonDocument.Parse(await alice.GetStringAsync(familyResponse.Headers.Location!.OriginalString));
        Assert.Equal(family, stored.RootElement.GetProperty("text").GetString());
    }
}
