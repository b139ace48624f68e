using System.Diagnostics.Metrics;
using BackEnd.Hosting;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BackEnd.Core.Tests.Server;

/// <summary>The server on the Generic Host: --urls, configuration binding, validation at start, addresses and metrics.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Host_UrlsArgumentWithPortZero_BoundAddressQueryable()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", "http://127.0.0.1:0;http://127.0.0.1:0"] });
        builder.Services.AddBackEnd(_ => { }).Run(TestServer.EchoPath);
        using var host = builder.Build();

        await host.StartAsync();
        var addresses = host.Services.GetRequiredService<IServerAddresses>().Addresses;
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri(addresses[1] + "/hosted"));
        await host.StopAsync();

        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.NotEqual(0, new Uri(a).Port));
        Assert.Equal("/hosted", body);
    }

    [Fact]
    public async Task Host_ConfigurationSection_BindsLimits()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration["BackEnd:Server:MaxRequestHeaderCount"] = "2";
        builder.Configuration["BackEnd:Server:KeepAliveTimeout"] = "00:00:42";
        builder.Services.AddBackEnd(_ => { }).Run(TestServer.EchoPath);
        using var host = builder.Build();
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<BackEndServerOptions>>().Value;
        var port = new Uri(host.Services.GetRequiredService<IServerAddresses>().Addresses[0]).Port;
        await using var client = await ConnectAsync(port);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-1: 1\r\nX-2: 2\r\n\r\n");
        var response = await client.ReadResponseAsync();
        await host.StopAsync();

        Assert.Equal(431, response!.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), options.KeepAliveTimeout);
    }

    [Fact]
    public async Task Host_InvalidOption_FailsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Services.AddBackEnd(o => o.MaxRequestLineSize = 0);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxRequestLineSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_UnparsableConfigurationValue_FailsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration["BackEnd:Server:KeepAliveTimeout"] = "soon";
        builder.Services.AddBackEnd(_ => { });
        using var host = builder.Build();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1")]
    [InlineData("http://example.com:80")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://127.0.0.1:80/path")]
    public async Task Host_InvalidUrl_FailsAtStart(string url)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--urls", url] });
        builder.Services.AddBackEnd(_ => { });
        using var host = builder.Build();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());
    }

    [Fact]
    public void AddBackEnd_CalledTwice_RegistersOneServer()
    {
        var services = new ServiceCollection();

        services.AddBackEnd(_ => { });
        services.AddBackEnd(_ => { }).AddServer();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IRequestDelegateFactory));
    }

    [Fact]
    public void AddBackEnd_WithoutOptions_DoesNotAddServer()
    {
        var services = new ServiceCollection();

        services.AddBackEnd();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public async Task Run_CustomFactory_ReplacesDefault()
    {
        var services = new ServiceCollection();
        services.AddBackEnd(_ => { }).Run(_ => TestServer.EchoPath).Run(_ => static context => context.Response.WriteAsync("second"u8.ToArray()));
        await using var provider = services.BuildServiceProvider();

        var app = provider.GetRequiredService<IRequestDelegateFactory>().CreateRequestDelegate();

        Assert.NotEqual((BackEnd.Http.RequestDelegate)TestServer.EchoPath, app);
    }

    [Fact]
    public async Task Metrics_RequestsAndBadRequests_Recorded()
    {
        long requests = 0;
        long badRequests = 0;
        long connections = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "BackEnd.Server")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "backend.server.requests": Interlocked.Add(ref requests, value); break;
                case "backend.server.bad_requests": Interlocked.Add(ref badRequests, value); break;
                case "kestrel.active_connections": Interlocked.Add(ref connections, Math.Max(0, value)); break;
            }
        });
        listener.Start();
        await using var server = await TestServer.StartAsync();

        await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        await server.SendAllAsync("GET / HTTP/1.1\r\n\r\n");

        Assert.True(Interlocked.Read(ref requests) >= 1);
        Assert.True(Interlocked.Read(ref badRequests) >= 1);
        Assert.True(Interlocked.Read(ref connections) >= 2);
    }

    private static async Task<RawClient> ConnectAsync(int port)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        return new RawClient(socket, new System.Net.Sockets.NetworkStream(socket, ownsSocket: false));
    }
}
