using System.Net;
using System.Text;
using System.Text.Json;
using BackEnd.Auth.Tests.Support;
using BackEnd.Hosting;
using BackEnd.Storage.KeyValue;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Auth.Tests;

/// <summary>The anti-forgery token as a form field (HTML forms without JavaScript), and rate limits shared through a key/value store.</summary>
public abstract partial class AuthEndpointsTests
{
    /// <summary>The body limit of the test hosts, small so an oversized form is cheap to send.</summary>
    protected const long BodyLimit = 16 * 1024;

    private const string FormMediaType = "application/x-www-form-urlencoded";

    [Theory]
    [InlineData("token", HttpStatusCode.OK)]
    [InlineData("token-charset", HttpStatusCode.OK)]
    [InlineData("token-chunked", HttpStatusCode.OK)]
    [InlineData("token-first", HttpStatusCode.OK)]
    [InlineData("missing", HttpStatusCode.Forbidden)]
    [InlineData("empty", HttpStatusCode.Forbidden)]
    [InlineData("wrong", HttpStatusCode.Forbidden)]
    [InlineData("other-session", HttpStatusCode.Forbidden)]
    [InlineData("duplicated", HttpStatusCode.Forbidden)]
    [InlineData("duplicated-other-case", HttpStatusCode.Forbidden)]
    [InlineData("in-query", HttpStatusCode.Forbidden)]
    [InlineData("text-plain", HttpStatusCode.Forbidden)]
    [InlineData("json", HttpStatusCode.Forbidden)]
    [InlineData("multipart", HttpStatusCode.Forbidden)]
    [InlineData("oversized", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("oversized-chunked", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("invalid-utf8", HttpStatusCode.BadRequest)]
    public async Task UnsafeCookieFormPost_CsrfFieldMatrix(string proof, HttpStatusCode expected)
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);
        var token = await client.FetchCsrfAsync();
        client.Csrf = null;
        using var other = new AuthClient(client.Http);
        await other.LoginAsync("alice", Password);
        var otherToken = await other.FetchCsrfAsync();
        var path = "/profile";
        HttpContent content = proof switch
        {
            "token" or "token-chunked" => Form($"displayName=Ada+L&__csrf={Uri.EscapeDataString(token)}"),
            "token-charset" => new StringContent($"__csrf={token}&displayName=Ada+L", Encoding.UTF8, FormMediaType),
            "token-first" => Form($"__csrf={token}&displayName=Ada+L"),
            "missing" => Form("displayName=Ada+L"),
            "empty" => Form("displayName=Ada+L&__csrf="),
            "wrong" => Form($"displayName=Ada+L&__csrf={token[..^2]}xx"),
            "other-session" => Form($"displayName=Ada+L&__csrf={otherToken}"),
            "duplicated" => Form($"displayName=Ada+L&__csrf={token}&__csrf={token}"),
            "duplicated-other-case" => Form($"displayName=Ada+L&__csrf={token}&__CSRF=evil"),
            "in-query" => Form("displayName=Ada+L"),
            "text-plain" => new StringContent($"displayName=Ada+L&__csrf={token}", Encoding.UTF8, "text/plain"),
            "json" => new StringContent($$"""{"displayName":"Ada L","__csrf":"{{token}}"}""", Encoding.UTF8, "application/json"),
            "multipart" => new MultipartFormDataContent { { new StringContent(token), "__csrf" }, { new StringContent("Ada L"), "displayName" } },
            "oversized" or "oversized-chunked" => Form($"__csrf={token}&pad={new string('x', (int)BodyLimit)}"),
            "invalid-utf8" => Bytes([.. Encoding.ASCII.GetBytes($"__csrf={token}&displayName="), 0xff, 0xfe]),
            _ => throw new ArgumentOutOfRangeException(nameof(proof)),
        };
        if (proof == "in-query")
        {
            path += "?__csrf=" + Uri.EscapeDataString(token);
        }

        var chunked = proof.EndsWith("chunked", StringComparison.Ordinal);

        var response = await client.PostAsync(path, null, r =>
        {
            r.Content = content;
            r.Headers.TransferEncodingChunked = chunked;
        });

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK)
        {
            // The middleware read the form first; the handler's [FromForm] parameter still binds it.
            Assert.Equal("alice:Ada L", body);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("__csrf", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CookieFormPost_ToACsrfExemptRoute_IsLeftToTheBinder()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        await client.LoginAsync("alice", Password);

        // Sign-in is exempt (it makes a new session); a form body there is the binder's business: JSON is expected, so 415.
        var response = await client.PostAsync("/auth/login", null, r => r.Content = Form("userName=alice&password=x"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task BearerFormPost_NeedsNoCsrfField()
    {
        using var client = await StartAsync();
        await RegisterAsync(client, "alice");
        client.Token = await client.LoginForTokenAsync("alice", Password);

        var response = await client.PostAsync("/profile", null, r => r.Content = Form("displayName=Ada"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice:Ada", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_PerIpLimit_IsSharedByNodesSharingAKeyValueStore()
    {
        using var store = new InMemoryKeyValueStore(Time);
        Action<IBackEndBuilder> shared = b => b.Services.AddSingleton<IKeyValueStore>(store);
        using var first = CreateClient(await StartHostAsync(o => o.LoginPermitsPerMinute = 3, null, shared));
        using var second = CreateClient(await StartHostAsync(o => o.LoginPermitsPerMinute = 3, null, shared));

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { first, second, first, second, first })
        {
            statuses.Add((await client.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429, (HttpStatusCode)429], statuses);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" })).StatusCode);
    }

    [Fact]
    public async Task Login_PerIpLimit_WithSeparateStores_IsPerNode()
    {
        using var first = CreateClient(await StartHostAsync(o => o.LoginPermitsPerMinute = 2, null, b => b.Services.AddSingleton<IKeyValueStore>(new InMemoryKeyValueStore(Time))));
        using var second = CreateClient(await StartHostAsync(o => o.LoginPermitsPerMinute = 2, null, b => b.Services.AddSingleton<IKeyValueStore>(new InMemoryKeyValueStore(Time))));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await first.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" })).StatusCode);
        }

        var limited = await first.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" });
        var other = await second.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" });

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Login_PerIpLimit_CountsInTheRegisteredKeyValueStore()
    {
        using var store = new InMemoryKeyValueStore(Time);
        using var client = CreateClient(await StartHostAsync(o => o.LoginPermitsPerMinute = 5, null, b => b.Services.AddSingleton<IKeyValueStore>(store)));

        await client.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" });
        await client.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" });

        // One counter per purpose, address and minute window, in the store the application registered.
        Assert.Equal(1, store.StoredKeyCount);
        Time.Advance(TimeSpan.FromMinutes(1));
        await client.PostAsync("/auth/login", new { userName = "nobody", password = "wrong-password" });
        Assert.Equal(2, store.StoredKeyCount);
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, FormMediaType);

    private static ByteArrayContent Bytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(FormMediaType);
        return content;
    }
}
