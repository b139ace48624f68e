namespace BackEnd.Auth.Tests;

public sealed class UserNamesTests
{
    [Theory]
    [InlineData("  Alice  ", "alice")]
    [InlineData("ALICE", "alice")]
    [InlineData("ａｌｉｃｅ", "alice")]
    [InlineData("ﬁnn", "finn")]
    [InlineData("Ａｌｉｃｅ①", "alice1")]
    public void Normalize_EquivalentSpellings_ShareOneKey(string input, string expected)
    {
        Assert.Equal(expected, UserNames.Normalize(input));
    }

    [Fact]
    public void Clean_KeepsCaseButAppliesNfkc()
    {
        Assert.Equal("Alice", UserNames.Clean(" Ａlice "));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("a\u0000b")]
    [InlineData("tab\tname")]
    [InlineData("zero\u200bwidth")]
    public void Normalize_Unacceptable_IsNull(string? input)
    {
        Assert.Null(UserNames.Normalize(input));
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsNull()
    {
        var name = new string([(char)0xD800, 'x']);

        Assert.Null(UserNames.Normalize(name));
    }

    [Fact]
    public void Normalize_TooLong_IsNull()
    {
        Assert.Null(UserNames.Normalize(new string('a', UserNames.MaximumLength + 1)));
        Assert.NotNull(UserNames.Normalize(new string('a', UserNames.MaximumLength)));
    }
}
