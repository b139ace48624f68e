using System.Net.Sockets;
using BackEnd.Core.Tests.Server;
using BackEnd.Hosting;
using BackEnd.Server;
using Hello;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Core.Tests.Samples;

/// <summary>The samples/Hello application, composed as its Program.cs does, on a real socket and a real SQLite file.</summary>
public sealed class HelloSampleTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backend-hello-").FullName;
    private IHost _host = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackEnd(o => o.Urls = "http://127.0.0.1:0")
            .AddHello(Path.Combine(AppContext.BaseDirectory, "wwwroot"), $"Data Source={Path.Combine(_folder, "hello.db")}");
        _host = builder.Build();
        await _host.StartAsync();
        _port = new Uri(_host.Services.GetRequiredService<IServerAddresses>().Addresses[0]).Port;
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Plaintext_Get_HelloWorldAsTextPlain()
    {
        var response = await GetAsync("GET /plaintext");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/plain", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Hello, World!", response.BodyText);
    }

    [Fact]
    public async Task Plaintext_Head_HeadersWithoutBody()
    {
        var responses = await SendAllAsync(System.Text.Encoding.ASCII.GetBytes("HEAD /plaintext HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"), headRequests: true);

        var response = Assert.Single(responses);
        Assert.Equal("13", response.Header("Content-Length"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Json_Get_SerializedMessage()
    {
        var response = await GetAsync("GET /json");

        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
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
    [InlineData("GET /missing.html")]
    public async Task UnknownPaths_Get_404(string requestLine)
    {
        Assert.Equal(404, (await GetAsync(requestLine)).Status);
    }

    [Fact]
    public async Task Echo_Post_BodyAndContentTypeBack()
    {
        var responses = await SendAllAsync("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-test\r\nContent-Length: 9\r\nConnection: close\r\n\r\necho this");

        var response = Assert.Single(responses);
        Assert.Equal("application/x-test", response.Header("Content-Type"));
        Assert.Equal("echo this", response.BodyText);
    }

    [Fact]
    public async Task Root_Get_IndexHtmlWithValidatorsAndRanges()
    {
        var response = await GetAsync("GET /");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.NotNull(response.Header("ETag"));
        Assert.NotNull(response.Header("Last-Modified"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.Contains("/events", response.BodyText, StringComparison.Ordinal);
        Assert.Contains("/ws", response.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("br", "app.js.br")]
    [InlineData("gzip", "app.js.gz")]
    public async Task AppJs_AcceptEncoding_PrecompressedSibling(string encoding, string file)
    {
        var expected = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "wwwroot", file));

        var responses = await SendAllAsync($"GET /app.js HTTP/1.1\r\nHost: a\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(encoding, response.Header("Content-Encoding"));
        Assert.StartsWith("text/javascript", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(expected, response.Body);
    }

    [Fact]
    public void AppJs_CommittedSiblings_DecompressToTheOriginal()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var original = File.ReadAllBytes(Path.Combine(folder, "app.js"));

        using var br = new System.IO.Compression.BrotliStream(File.OpenRead(Path.Combine(folder, "app.js.br")), System.IO.Compression.CompressionMode.Decompress);
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(folder, "app.js.gz")), System.IO.Compression.CompressionMode.Decompress);

        Assert.Equal(original, ReadAll(br));
        Assert.Equal(original, ReadAll(gz));
    }

    [Theory]
    [InlineData("GET /../../../../etc/passwd")]
    [InlineData("GET /%2e%2e/%2e%2e/Hello.dll")]
    [InlineData("GET /..%2F..%2Fetc%2Fpasswd")]
    [InlineData("GET /..\\..\\Hello.dll")]
    [InlineData("GET /Hello.dll")]
    public async Task Static_Traversal_Refused(string requestLine)
    {
        var response = await GetAsync(requestLine);

        Assert.True(response.Status is 400 or 404, $"status {response.Status}");
    }

    [Fact]
    public async Task Events_FromStart_IdsCountUpFromOne()
    {
        var events = await ReadEventsAsync(null, 2);

        Assert.Equal(["1", "2"], events);
    }

    [Fact]
    public async Task Events_LastEventId_ResumesAfterIt()
    {
        var events = await ReadEventsAsync("41", 1);

        Assert.Equal(["42"], events);
    }

    [Fact]
    public async Task Ws_TextMessages_EchoedBack()
    {
        using var client = new System.Net.WebSockets.ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{_port}/ws"), CancellationToken.None);
        var buffer = new byte[256];
        var echoed = new List<string>();

        foreach (var text in new[] { "one", "two" })
        {
            await client.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await client.ReceiveAsync(buffer, CancellationToken.None);
            echoed.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        Assert.Equal(["one", "two"], echoed);
    }

    private async Task<List<string>> ReadEventsAsync(string? lastEventId, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var ids = new List<string>();
        while (ids.Count < count && await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(line[4..]);
            }
        }

        return ids;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData("POST /plaintext", "GET, HEAD, OPTIONS")]
    [InlineData("DELETE /json", "GET, HEAD, OPTIONS")]
    [InlineData("PUT /users/1", "GET, HEAD, OPTIONS")]
    public async Task KnownPath_WrongMethod_405WithAllow(string requestLine, string allow)
    {
        var response = await GetAsync(requestLine);

        Assert.Equal(405, response.Status);
        Assert.Equal(allow, response.Header("Allow"));
    }

    [Theory]
    [InlineData("1", "{\"id\":1,\"name\":\"user1\"}")]
    [InlineData("10000", "{\"id\":10000,\"name\":\"user10000\"}")]
    public async Task DbUsers_SeededId_ReadFromSqlite(string id, string json)
    {
        var response = await GetAsync($"GET /db/users/{id}");

        Assert.Equal(200, response.Status);
        Assert.Equal(json, response.BodyText);
    }

    [Theory]
    [InlineData("GET /db/users/0")]
    [InlineData("GET /db/users/10001")]
    [InlineData("GET /db/users/abc")]
    [InlineData("GET /db/users/99999999999999999999")]
    [InlineData("GET /db/users/1%27;%20DROP%20TABLE%20users;--")]
    [InlineData("GET /db/users/1%20OR%201=1")]
    public async Task DbUsers_MissingOrMalformedId_404AndTableIntact(string requestLine)
    {
        var response = await GetAsync(requestLine);

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("{\"id\":2,\"name\":\"user2\"}", (await GetAsync("GET /db/users/2")).BodyText);
    }

    [Fact]
    public async Task Health_Get_ReportsTheSqliteCheck()
    {
        var response = await GetAsync("GET /health");

        Assert.Equal(200, response.Status);
        Assert.Contains("\"sql\":{\"status\":\"Healthy\"", response.BodyText, StringComparison.Ordinal);
    }

    private async Task<TestResponse> GetAsync(string requestLine)
    {
        var responses = await SendAllAsync(System.Text.Encoding.Latin1.GetBytes($"{requestLine} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
        return Assert.Single(responses);
    }

    private async Task<List<TestResponse>> SendAllAsync(byte[] request, bool headRequests = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", _port);
        await using var client = new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
        await client.SendAsync(request);

        // No half-close: a client that closes its side cancels RequestAborted, as with Kestrel, and the static handler
        // honours it. Every request here asks for Connection: close, so the server ends the exchange.
        return await client.ReadAllResponsesAsync(headRequests);
    }

    private Task<List<TestResponse>> SendAllAsync(string request) => SendAllAsync(System.Text.Encoding.Latin1.GetBytes(request));
}
