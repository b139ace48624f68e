using System.Net;
using System.Net.Sockets;
using System.Text;
using BackEnd.Core.Tests.Testing;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Http;

public sealed class CookiesTests
{
    [Fact]
    public void Parse_Rfc6265Header_ReadsPairsTrimsAndUnquotes()
    {
        var cookies = RequestCookieCollection.Parse(["a=1; b=\"two\";c=3 ; d=x=y"]);

        Assert.Equal("1", cookies["a"]);
        Assert.Equal("two", cookies["b"]);
        Assert.Equal("3", cookies["c"]);
        Assert.Equal("x=y", cookies["d"]);
        Assert.Null(cookies["missing"]);
    }

    [Fact]
    public void Parse_DuplicateName_FirstWins()
    {
        var cookies = RequestCookieCollection.Parse(["id=first; id=second"]);

        Assert.Equal("first", cookies["id"]);
        Assert.Single(cookies);
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=value")]
    [InlineData("bad name=1")]
    [InlineData("a=has space")]
    [InlineData("a=semi\\colon")]
    [InlineData("a=\u00e9")]
    public void Parse_MalformedPair_IsSkipped(string header)
    {
        var cookies = RequestCookieCollection.Parse([header + "; ok=1"]);

        Assert.Equal("1", cookies["ok"]);
        Assert.Single(cookies);
    }

    [Fact]
    public void Parse_NamesAreCaseSensitive()
    {
        var cookies = RequestCookieCollection.Parse(["ID=1"]);

        Assert.Null(cookies["id"]);
        Assert.Equal("1", cookies["ID"]);
    }

    [Fact]
    public void Format_AllAttributes_WritesRfc6265Order()
    {
        var value = ResponseCookies.Format("sid", "abc", new CookieOptions
        {
            Path = "/app",
            Domain = "example.com",
            Expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            MaxAge = TimeSpan.FromHours(1),
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Partitioned = true,
        });

        Assert.Equal("sid=abc; Path=/app; Domain=example.com; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Strict; Partitioned", value);
    }

    [Theory]
    [InlineData("bad name", "v")]
    [InlineData("a;b", "v")]
    [InlineData("", "v")]
    [InlineData("ok", "has space")]
    [InlineData("ok", "semi;colon")]
    [InlineData("ok", "quote\"")]
    [InlineData("ok", "comma,")]
    [InlineData("ok", "caf\u00e9")]
    [InlineData("ok", "line\r\nSet-Cookie: evil=1")]
    public void Format_InvalidNameOrValue_Throws(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => ResponseCookies.Format(name, value, new CookieOptions()));
    }

    [Theory]
    [InlineData(SameSiteMode.None, false)]
    [InlineData(SameSiteMode.Lax, true)]
    public void Format_SameSiteNoneOrPartitionedWithoutSecure_Throws(SameSiteMode sameSite, bool partitioned)
    {
        Assert.Throws<ArgumentException>(() => ResponseCookies.Format("a", "b", new CookieOptions { SameSite = sameSite, Partitioned = partitioned }));
    }

    [Fact]
    public void Format_PathWithSemicolon_Throws()
    {
        Assert.Throws<ArgumentException>(() => ResponseCookies.Format("a", "b", new CookieOptions { Path = "/x; Domain=evil" }));
    }

    [Fact]
    public async Task AppendAndDelete_InMemory_SendOneSetCookieHeaderEach()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/set", (HttpContext context) =>
        {
            context.Response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            context.Response.Cookies.Delete("b");
            return context.Request.Cookies["in"] ?? "none";
        }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/set");
        request.Headers.Add("Cookie", "in=hello; other=x");
        var response = await test.Client.SendAsync(request);

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, setCookies.Count);
        Assert.Equal("a=1; Path=/; HttpOnly; SameSite=Lax", setCookies[0]);
        Assert.Equal("b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0", setCookies[1]);
    }

    [Fact]
    public async Task AppendAndRead_RealServer_WritesSeparateHeaderLinesAndParsesPerRequest()
    {
        await using var host = await BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapGet("/c", (HttpContext context) =>
        {
            context.Response.Cookies.Append("x", "1");
            context.Response.Cookies.Append("y", "2", new CookieOptions { Secure = true, SameSite = SameSiteMode.None });
            return context.Request.Cookies["n"] ?? "none";
        })));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.ServerAddress!.Port);

        // Two requests on one connection: the second has no cookie, so nothing parsed for the first may leak into it.
        var requests = "GET /c HTTP/1.1\r\nHost: a\r\nCookie: n=first\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests));
        var text = await ReadAllAsync(socket);

        Assert.Equal(2, CountOf(text, "Set-Cookie: x=1; Path=/\r\n"));
        Assert.Equal(2, CountOf(text, "Set-Cookie: y=2; Path=/; Secure; SameSite=None\r\n"));
        Assert.Contains("\r\n\r\nfirst", text, StringComparison.Ordinal);
        Assert.EndsWith("none", text, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var total = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                return total.ToString();
            }

            total.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
