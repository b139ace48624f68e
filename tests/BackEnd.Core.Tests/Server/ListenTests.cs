using System.Net;
using System.Net.Sockets;
using BackEnd.Hosting;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Core.Tests.Server;

/// <summary>What the server binds: a port already in use fails start-up, and localhost means both loopbacks.</summary>
public sealed class ListenTests
{
    [Fact]
    public async Task Start_PortAlreadyInUse_FailsWithAddressInUse()
    {
        await using var first = await TestServer.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", $"http://127.0.0.1:{first.Port}"] });
        builder.Services.AddBackEnd(_ => { }).Run(TestServer.EchoPath);
        using var second = builder.Build();

        var error = await Assert.ThrowsAsync<IOException>(() => second.StartAsync());

        Assert.Contains("address already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortAlreadyInUse_FirstServerKeepsEveryConnection()
    {
        await using var first = await TestServer.StartAsync(static context => context.Response.WriteAsync("first"u8.ToArray()));
        await Assert.ThrowsAsync<IOException>(() => TestServer.StartAsync(static context => context.Response.WriteAsync("second"u8.ToArray()), urls: $"http://127.0.0.1:{first.Port}"));

        for (var i = 0; i < 10; i++)
        {
            var response = Assert.Single(await first.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
            Assert.Equal("first", response.BodyText);
        }
    }

    [Fact]
    public async Task Start_PortAlreadyInUse_ChildProcessExitsNonZeroWithClearError()
    {
        await using var first = await TestServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("backend-port-");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hello.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{first.Port}");
        start.ArgumentList.Add("--ConnectionStrings:Default");
        start.ArgumentList.Add($"Data Source={Path.Combine(directory.FullName, "hello.db")}");
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("address already in use", await output + await error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_Localhost_ListensOnIPv4AndIPv6Loopback()
    {
        Assert.True(Socket.OSSupportsIPv6, "This machine has no IPv6 support, which the test needs.");
        await using var server = await TestServer.StartAsync(urls: "http://localhost:0");
        var addresses = server.Services.GetRequiredService<IServerAddresses>().Addresses;

        var v4 = await GetAsync(IPAddress.Loopback, server.Port);
        var v6 = await GetAsync(IPAddress.IPv6Loopback, server.Port);

        Assert.Contains($"http://127.0.0.1:{server.Port}", addresses);
        Assert.Contains($"http://[::1]:{server.Port}", addresses);
        Assert.Equal("/v", v4);
        Assert.Equal("/v", v6);
    }

    private static async Task<string> GetAsync(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address, port);
        await using var client = new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
        await client.SendAsync("GET /v HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        return (await client.ReadResponseAsync())!.BodyText;
    }
}
