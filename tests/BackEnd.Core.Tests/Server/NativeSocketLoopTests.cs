using System.Net.Sockets;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// The server's choice of transport: the epoll loop by default on Linux, the runtime's engine when the option (or its
/// configuration key) turns it off; either serves keep-alive connections and large responses to slow readers whole.
/// Runs alone, since it reads the process-wide loop's count.
/// </summary>
[Collection(EpollLoopGroup.Name)]
public sealed class NativeSocketLoopTests
{
    private const int LargeBody = 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task KeepAliveConnection_SeveralResponsesOnOneConnection_OnTheChosenTransport(bool nativeLoop)
    {
        var before = EpollLoop.Shared?.Count ?? 0;
        await using var server = await TestServer.StartAsync(configure: o => o.NativeSocketLoop = nativeLoop);
        await using var client = await server.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync("GET /k" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
            var response = await client.ReadResponseAsync();
            Assert.Equal(200, response!.Status);
            Assert.Equal("/k" + i, response.BodyText);
        }

        // While the connection is open, it is in the loop exactly when the option asks for it.
        Assert.Equal(before + (nativeLoop ? 1 : 0), EpollLoop.Shared?.Count ?? 0);
        client.ShutdownSend();
        Assert.True(await client.IsClosedAsync());
        await WaitForCountAsync(before);
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task RequestAndHalfCloseInOneGo_ServerAnswersAndCloses_WithoutWaitingForTheKeepAliveTimeout(bool nativeLoop)
    {
        // A keep-alive timeout far beyond the client's read timeout: a server that missed the end of the stream would
        // keep the connection open past it, and the read below fails instead of seeing the close.
        await using var server = await TestServer.StartAsync(configure: o =>
        {
            o.NativeSocketLoop = nativeLoop;
            o.KeepAliveTimeout = TimeSpan.FromMinutes(10);
        });

        for (var i = 0; i < 20; i++)
        {
            var responses = await server.SendAllAsync("GET /h" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.Equal("/h" + i, Assert.Single(responses).BodyText);
        }
    }

    [Fact]
    public void Options_NativeSocketLoop_IsOnByDefault()
    {
        Assert.True(new BackEndServerOptions().NativeSocketLoop);
    }

    [Fact]
    public async Task Host_ConfigurationKeyFalse_BindsAndServesOnTheRuntimeEngine()
    {
        var before = EpollLoop.Shared?.Count ?? 0;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration["BackEnd:Server:NativeSocketLoop"] = "false";
        builder.Services.AddBackEnd(_ => { }).Run(TestServer.EchoPath);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var options = host.Services.GetRequiredService<IOptions<BackEndServerOptions>>().Value;
            var port = new Uri(host.Services.GetRequiredService<IServerAddresses>().Addresses[0]).Port;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", port);
            await using var client = new RawClient(socket, new NetworkStream(socket, ownsSocket: false));

            await client.SendAsync("GET /configured HTTP/1.1\r\nHost: a\r\n\r\n");
            var response = await client.ReadResponseAsync();

            Assert.False(options.NativeSocketLoop);
            Assert.Equal("/configured", response!.BodyText);
            Assert.Equal(before, EpollLoop.Shared?.Count ?? 0);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [EpollData]
    public async Task LargeResponse_ToASlowReader_ArrivesWhole(bool nativeLoop)
    {
        var body = new byte[LargeBody];
        new Random(11).NextBytes(body);
        await using var server = await TestServer.StartAsync(
            context =>
            {
                context.Response.ContentType = "application/octet-stream";
                context.Response.ContentLength = body.Length;
                return context.Response.WriteAsync(body);
            },
            o => o.NativeSocketLoop = nativeLoop);

        // A small window and a reader that takes 4 KB at a time: the server's sends must wait for room again and again.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8 * 1024 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync("GET /large HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray(), SocketFlags.None);
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(Wait);
        var chunk = new byte[4096];
        for (var reads = 0; ; reads++)
        {
            var n = await socket.ReceiveAsync(chunk, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                break;
            }

            received.Write(chunk, 0, n);
            if (reads % 16 == 0)
            {
                await Task.Delay(1, timeout.Token);
            }
        }

        received.Position = 0;
        await using var parser = new RawClient(socket, received);
        var response = await parser.ReadResponseAsync();
        Assert.Equal(200, response!.Status);
        Assert.Equal(body, response.Body);
    }

    private static async Task WaitForCountAsync(int expected)
    {
        // The server lets go of a connection shortly after the client sees it closed: bounded polling, no timing assert.
        for (var i = 0; i < 2000 && (EpollLoop.Shared?.Count ?? 0) != expected; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(expected, EpollLoop.Shared?.Count ?? 0);
    }
}
