using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Pipeline;
using BackEnd.Realtime;
using BackEnd.Routing;
using BackEnd.Testing;

namespace BackEnd.Core.Tests.Realtime;

/// <summary>WebSockets over real sockets: the RFC 6455 handshake (good and bad), echo with ClientWebSocket over TCP and TLS, limits, shutdown.</summary>
public sealed class WebSocketTests
{
    private const string Rfc6455Key = "dGhlIHNhbXBsZSBub25jZQ==";

    [Fact]
    public async Task Handshake_Rfc6455Example_101WithAcceptKey()
    {
        await using var host = await StartEchoAsync();

        var response = await SendRawAsync(host, Handshake());

        Assert.Equal(101, response.Status);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.Header("Sec-WebSocket-Accept"));
        Assert.Equal("websocket", response.Header("Upgrade"));
        Assert.Equal("Upgrade", response.Header("Connection"));
        Assert.Null(response.Header("Sec-WebSocket-Protocol"));
    }

    [Theory]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n", 400)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhl\r\n", 400)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not base64 at all!\r\n", 400)]
    [InlineData("Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\n", 400)]
    [InlineData("Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\n", 400)]
    [InlineData("Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\n", 400)]
    [InlineData("", 400)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\n", 426)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\n", 426)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\nOrigin: http://evil.example\r\n", 403)]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Rfc6455Key + "\r\nContent-Length: 3\r\n", 400)]
    public async Task Handshake_Bad_ProblemAndNoUpgrade(string headers, int status)
    {
        await using var host = await StartEchoAsync();
        var body = headers.Contains("Content-Length: 3", StringComparison.Ordinal) ? "abc" : string.Empty;

        var response = await SendRawAsync(host, $"GET /ws HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n{body}");

        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Null(response.Header("Sec-WebSocket-Accept"));
        Assert.Equal(status == 426 ? "13" : null, response.Header("Sec-WebSocket-Version"));
    }

    [Fact]
    public async Task Handshake_Http10_400()
    {
        await using var host = await StartEchoAsync();

        var response = await SendRawAsync(host, Handshake().Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal));

        Assert.Equal(400, response.Status);
    }

    [Theory]
    [InlineData("Origin: http://localhost", 101)]
    [InlineData("Origin: http://localhost:1", 403)]
    [InlineData("Origin: https://localhost", 403)]
    [InlineData("Origin: null", 403)]
    public async Task Handshake_DefaultSameOrigin(string origin, int status)
    {
        await using var host = await StartEchoAsync();

        var response = await SendRawAsync(host, Handshake(origin));

        Assert.Equal(status, response.Status);
    }

    [Theory]
    [InlineData("Origin: https://app.example", 101)]
    [InlineData("Origin: http://localhost", 403)]
    public async Task Handshake_AllowList_OnlyListedOrigins(string origin, int status)
    {
        var options = new WebSocketOptions();
        options.AllowedOrigins.Add("https://app.example");
        await using var host = await StartEchoAsync(options);

        Assert.Equal(status, (await SendRawAsync(host, Handshake(origin))).Status);
    }

    [Fact]
    public async Task Handshake_SubProtocols_ServerPreferenceAmongOffered()
    {
        var options = new WebSocketOptions();
        options.SubProtocols.Add("v2.chat");
        options.SubProtocols.Add("v1.chat");
        await using var host = await StartEchoAsync(options);

        var response = await SendRawAsync(host, Handshake("Sec-WebSocket-Protocol: v1.chat, v2.chat"));
        var none = await SendRawAsync(host, Handshake("Sec-WebSocket-Protocol: v9.chat"));

        Assert.Equal("v2.chat", response.Header("Sec-WebSocket-Protocol"));
        Assert.Equal(101, none.Status);
        Assert.Null(none.Header("Sec-WebSocket-Protocol"));
    }

    [Fact]
    public async Task Echo_ClientWebSocket_TextAndBinaryBack()
    {
        await using var host = await StartEchoAsync();
        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{host.ServerAddress!.Port}/ws"), CancellationToken.None);

        var text = await EchoAsync(client, Encoding.UTF8.GetBytes("héllo"), WebSocketMessageType.Text);
        var binary = await EchoAsync(client, [0, 1, 2, 255], WebSocketMessageType.Binary);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal("héllo", Encoding.UTF8.GetString(text));
        Assert.Equal([0, 1, 2, 255], binary);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Echo_Fragmented_ReassembledMessageBack()
    {
        await using var host = await StartEchoAsync();
        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{host.ServerAddress!.Port}/ws"), CancellationToken.None);

        await client.SendAsync("frag"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await client.SendAsync("men"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await client.SendAsync("ted"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var echoed = await ReceiveMessageAsync(client);

        Assert.Equal("fragmented", Encoding.UTF8.GetString(echoed));
    }

    [Fact]
    public async Task Receive_OversizedMessage_Closed1009()
    {
        await using var host = await StartEchoAsync(new WebSocketOptions { MaxMessageSize = 1024 });
        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{host.ServerAddress!.Port}/ws"), CancellationToken.None);

        await client.SendAsync(new byte[600], WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
        await client.SendAsync(new byte[600], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var result = await client.ReceiveAsync(new byte[4096], CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
    }

    [Fact]
    public async Task Echo_Tls_ClientWebSocketOverWss()
    {
        using var certificate = CreateCertificate();
        await using var server = await TestServer.StartAsync(EchoApp, o => o.ServerCertificate = certificate, "https://127.0.0.1:0");
        using var client = new ClientWebSocket();
        client.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();

        await client.ConnectAsync(new Uri($"wss://localhost:{server.Port}/"), CancellationToken.None);
        var echoed = await EchoAsync(client, Encoding.UTF8.GetBytes("over tls"), WebSocketMessageType.Text);

        Assert.Equal("over tls", Encoding.UTF8.GetString(echoed));
    }

    [Fact]
    public async Task HostStops_OpenSocket_ClosedGoingAway()
    {
        var host = await StartEchoAsync();
        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{host.ServerAddress!.Port}/ws"), CancellationToken.None);
        Assert.Equal("ping", Encoding.UTF8.GetString(await EchoAsync(client, "ping"u8.ToArray(), WebSocketMessageType.Text)));

        var stop = host.DisposeAsync().AsTask();
        var result = await client.ReceiveAsync(new byte[64], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Completing the close handshake, as a browser does, lets the server's receive loop end and the host stop.
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
    }

    [Fact]
    public async Task Echo_InMemoryHost_ClientWebSocketThroughTheHostsHandler()
    {
        // The in-memory host runs the server's own connection code over pipes, so an upgrade works without a socket.
        await using var host = await BackEndTestHost.StartAsync(b => b.Configure(app => app.MapWebSocket("/ws", EchoLoopAsync)));
        using var invoker = new HttpMessageInvoker(host.CreateHandler());
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(new Uri("ws://localhost/ws"), invoker, timeout.Token);

        var text = await EchoAsync(client, Encoding.UTF8.GetBytes("in memory"), WebSocketMessageType.Text);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.Equal("in memory", Encoding.UTF8.GetString(text));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    private static string Handshake(string extraHeader = "") =>
        "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + $"Sec-WebSocket-Key: {Rfc6455Key}\r\n" + (extraHeader.Length > 0 ? extraHeader + "\r\n" : string.Empty) + "\r\n";

    private static Task<BackEndTestHost> StartEchoAsync(WebSocketOptions? options = null) =>
        BackEndTestHost.StartServerAsync(b => b.Configure(app => app.MapWebSocket("/ws", EchoLoopAsync, options)));

    private static async ValueTask EchoApp(BackEnd.Http.HttpContext context)
    {
        using var socket = await context.AcceptWebSocketAsync();
        if (socket is not null)
        {
            await EchoLoopAsync(socket, context, context.RequestAborted);
        }
    }

    private static async Task EchoLoopAsync(WebSocket socket, BackEnd.Http.HttpContext context, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                await socket.SendAsync(message.ToArray(), result.MessageType, endOfMessage: true, cancellationToken);
                message.SetLength(0);
            }
        }
    }

    private static async Task<byte[]> EchoAsync(ClientWebSocket client, byte[] payload, WebSocketMessageType type)
    {
        await client.SendAsync(payload, type, endOfMessage: true, CancellationToken.None);
        return await ReceiveMessageAsync(client);
    }

    private static async Task<byte[]> ReceiveMessageAsync(WebSocket client)
    {
        using var received = new MemoryStream();
        var buffer = new byte[1024];
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            received.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return received.ToArray();
    }

    private static async Task<TestResponse> SendRawAsync(BackEndTestHost host, string request)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", host.ServerAddress!.Port);
        await using var client = new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
        await client.SendAsync(request);
        var response = await client.ReadResponseAsync(headRequest: true);
        return response!;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
