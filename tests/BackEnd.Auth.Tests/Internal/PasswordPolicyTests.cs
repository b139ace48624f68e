using BackEnd.Auth.Internal;

namespace BackEnd.Auth.Tests.Internal;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(new PasswordOptions());

    [Theory]
    [InlineData("correct horse")]
    [InlineData("        ")] // eight spaces: NIST allows any printable characters, no composition rules
    [InlineData("пароль-дракон")]
    [InlineData("aaaaaaaa")]
    public void Check_AcceptablePassword_HasNoErrors(string password)
    {
        Assert.Empty(Policy.Check(password, "someone"));
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("password")]
    [InlineData("PASSWORD1")]
    [InlineData("qwerty123")]
    public void Check_ShortOrCommon_IsRefused(string password)
    {
        Assert.NotEmpty(Policy.Check(password, "someone"));
    }

    [Fact]
    public void Check_UserNameInAnySpelling_IsRefused()
    {
        Assert.Contains(Policy.Check("ＡｌｉｃｅＳｍｉｔｈ", "alicesmith"), e => e.Contains("user name", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_LengthCountsCharactersNotBytes()
    {
        var policy = new PasswordPolicy(new PasswordOptions { BCryptPreHash = true });

        Assert.Empty(policy.Check(new string('界', 64), null));
        Assert.NotEmpty(policy.Check(new string('界', 129), null));
    }

    [Fact]
    public void Check_ExtraDeniedPasswords_AreRefused()
    {
        var options = new PasswordOptions();
        options.DeniedPasswords.Add("our-company-2026");

        Assert.NotEmpty(new PasswordPolicy(options).Check("Our-Company-2026", null));
    }

    [Fact]
    public void CommonPasswords_ShipWithThePackage()
    {
        Assert.True(PasswordPolicy.CommonPasswords.Count >= 150);
        Assert.Contains("iloveyou", PasswordPolicy.CommonPasswords);
    }
}
