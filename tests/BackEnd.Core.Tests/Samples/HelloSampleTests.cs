using BackEnd.Core.Tests.Server;
using Hello;

namespace BackEnd.Core.Tests.Samples;

/// <summary>The samples/Hello endpoints over a real socket, through the sample's own handler.</summary>
public sealed class HelloSampleTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(new HelloApp(Path.Combine(AppContext.BaseDirectory, "wwwroot")).HandleAsync);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Plaintext_Get_HelloWorldAsTextPlain()
    {
        var response = await GetAsync("GET /plaintext");

        Assert.Equal(200, response.Status);
        Assert.Equal("text/plain", response.Header("Content-Type"));
        Assert.Equal("Hello, World!", response.BodyText);
    }

    [Fact]
    public async Task Plaintext_Head_HeadersWithoutBody()
    {
        var responses = await _server.SendAllAsync(System.Text.Encoding.ASCII.GetBytes("HEAD /plaintext HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), headRequests: true);

        var response = Assert.Single(responses);
        Assert.Equal("13", response.Header("Content-Length"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Json_Get_SerializedMessage()
    {
        var response = await GetAsync("GET /json");

        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("{\"message\":\"Hello, World!\"}", response.BodyText);
    }

    [Theory]
    [InlineData("42", "{\"id\":42,\"name\":\"user42\"}")]
    [InlineData("-7", "{\"id\":-7,\"name\":\"user-7\"}")]
    public async Task Users_IntegerId_UserJson(string id, string json)
    {
        var response = await GetAsync($"GET /users/{id}");

        Assert.Equal(200, response.Status);
        Assert.Equal(json, response.BodyText);
    }

    [Theory]
    [InlineData("GET /users/abc")]
    [InlineData("GET /users/")]
    [InlineData("GET /nothing-here")]
    [InlineData("GET /static/missing.html")]
    public async Task UnknownPaths_Get_404(string requestLine)
    {
        Assert.Equal(404, (await GetAsync(requestLine)).Status);
    }

    [Fact]
    public async Task Echo_Post_BodyAndContentTypeBack()
    {
        var responses = await _server.SendAllAsync("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-test\r\nContent-Length: 9\r\nConnection: close\r\n\r\necho this");

        var response = Assert.Single(responses);
        Assert.Equal("application/x-test", response.Header("Content-Type"));
        Assert.Equal("echo this", response.BodyText);
    }

    [Fact]
    public async Task Static_Index_ServesHtml()
    {
        var response = await GetAsync("GET /static/index.html");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("Hello, World!", response.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /static/../../../../etc/passwd")]
    [InlineData("GET /static/%2e%2e/%2e%2e/Hello.dll")]
    [InlineData("GET /static/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("GET /static/..\\..\\Hello.dll")]
    public async Task Static_Traversal_Refused(string requestLine)
    {
        var response = await GetAsync(requestLine);

        Assert.Equal(404, response.Status);
    }

    [Theory]
    [InlineData("POST /plaintext", "GET, HEAD")]
    [InlineData("DELETE /json", "GET")]
    [InlineData("GET /echo", "POST")]
    [InlineData("PUT /users/1", "GET")]
    public async Task KnownPath_WrongMethod_405WithAllow(string requestLine, string allow)
    {
        var response = await GetAsync(requestLine);

        Assert.Equal(405, response.Status);
        Assert.Equal(allow, response.Header("Allow"));
    }

    private async Task<TestResponse> GetAsync(string requestLine)
    {
        var responses = await _server.SendAllAsync($"{requestLine} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        return Assert.Single(responses);
    }
}
