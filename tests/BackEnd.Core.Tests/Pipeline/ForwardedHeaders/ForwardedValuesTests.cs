using BackEnd.Pipeline.ForwardedHeaders.Internal;

namespace BackEnd.Core.Tests.Pipeline.ForwardedHeaders;

public sealed class ForwardedValuesTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", 0)]
    [InlineData("1.2.3.4:5678", "1.2.3.4", 5678)]
    [InlineData("::1", "::1", 0)]
    [InlineData("[::1]", "::1", 0)]
    [InlineData("[::1]:80", "::1", 80)]
    [InlineData("[2001:db8::7]:65535", "2001:db8::7", 65535)]
    [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1", 0)]
    [InlineData("0.0.0.0", "0.0.0.0", 0)]
    public void TryParseAddress_CanonicalForms_Accepted(string text, string address, int port)
    {
        var ok = ForwardedValues.TryParseAddress(text, out var parsed, out var parsedPort);

        Assert.True(ok);
        Assert.Equal(address, parsed!.ToString());
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f000001")]
    [InlineData("127.1")]
    [InlineData("127.0.0.01")]
    [InlineData("0177.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[fe80::1%25eth0]:80")]
    [InlineData("fe80::1%1")]
    [InlineData("1.2.3.4:0")]
    [InlineData("1.2.3.4:65536")]
    [InlineData("1.2.3.4:+80")]
    [InlineData("1.2.3.4:")]
    [InlineData("[::1]80")]
    [InlineData("[::1")]
    [InlineData("unknown")]
    [InlineData("")]
    public void TryParseAddress_NonCanonicalOrInvalid_Refused(string text)
    {
        var ok = ForwardedValues.TryParseAddress(text, out _, out _);

        Assert.False(ok);
    }

    [Theory]
    [InlineData("shop.example.com", true)]
    [InlineData("shop.example.com:8443", true)]
    [InlineData("[::1]:80", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.0.0.1:80", true)]
    [InlineData("my_host-1", true)]
    [InlineData("evil.com:\"><script>", false)]
    [InlineData("evil.com:80x", false)]
    [InlineData("evil.com:99999", false)]
    [InlineData("evil.com/path", false)]
    [InlineData("a b", false)]
    [InlineData("2130706433", false)]
    [InlineData("127.1", false)]
    [InlineData("[fe80::1%eth0]", false)]
    [InlineData("[::1]:", false)]
    [InlineData("", false)]
    public void IsValidHost_Values_ValidatesHostAndPort(string host, bool expected)
    {
        var valid = ForwardedValues.IsValidHost(host);

        Assert.Equal(expected, valid);
    }
}
