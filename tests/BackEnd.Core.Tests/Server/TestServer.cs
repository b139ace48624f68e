using System.Net.Sockets;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Server;

/// <summary>A real server on 127.0.0.1 with an ephemeral port, built the way an application registers it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly BackEndServer _server;
    private bool _stopped;

    private TestServer(ServiceProvider provider, BackEndServer server, string address)
    {
        _provider = provider;
        _server = server;
        Address = address;
        Port = new Uri(address).Port;
    }

    public string Address { get; }

    public int Port { get; }

    public IServiceProvider Services => _provider;

    public ServerServices ServerServices => _server.ServerServices;

    /// <summary>Answers 200 with the path as text/plain; the default app of most tests.</summary>
    public static ValueTask EchoPath(HttpContext context)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(context.Request.Path);
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body);
    }

    public static Task<TestServer> StartAsync(RequestDelegate? app = null, Action<BackEndServerOptions>? configure = null, string urls = "http://127.0.0.1:0") =>
        StartAsync(backEnd => backEnd.Run(app ?? EchoPath), configure, urls);

    /// <summary>Starts a server whose application the caller assembles, e.g. a routed pipeline through <c>Configure</c>.</summary>
    public static async Task<TestServer> StartAsync(Action<IBackEndBuilder> build, Action<BackEndServerOptions>? configure = null, string urls = "http://127.0.0.1:0")
    {
        var services = new ServiceCollection();
        services.AddLogging();
        build(services.AddBackEnd(o =>
        {
            o.Urls = urls;
            configure?.Invoke(o);
        }));
        var provider = services.BuildServiceProvider();
        var server = provider.GetRequiredService<BackEndServer>();
        await server.StartAsync(CancellationToken.None);
        var address = provider.GetRequiredService<IServerAddresses>().Addresses[0];
        return new TestServer(provider, server, address);
    }

    public async Task<RawClient> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", Port);
        return new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
    }

    /// <summary>Sends raw bytes on a fresh connection, half-closes, and reads every response until the server closes.</summary>
    public async Task<List<TestResponse>> SendAllAsync(byte[] request, bool headRequests = false)
    {
        await using var client = await ConnectAsync();
        await client.SendAsync(request);
        client.ShutdownSend();
        return await client.ReadAllResponsesAsync(headRequests);
    }

    public Task<List<TestResponse>> SendAllAsync(string request) => SendAllAsync(System.Text.Encoding.Latin1.GetBytes(request));

    public async Task StopAsync(TimeSpan timeout)
    {
        _stopped = true;
        using var cts = new CancellationTokenSource(timeout);
        await _server.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }

        await _provider.DisposeAsync();
    }
}
