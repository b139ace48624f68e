using BackEnd.Hosting;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Core.Tests.Hosting;

public sealed class ServerHostedServiceTests
{
    [Fact]
    public async Task Start_ServiceRegisteredAfterServer_StartsBeforeTheServerListens()
    {
        using var host = BuildHostWithProbeAfterServer();

        await host.StartAsync();
        var addressesWhenProbeStarted = host.Services.GetRequiredService<StartupProbe>().AddressesSeenAtStart;
        var addressesAfterStart = host.Services.GetRequiredService<IServerAddresses>().Addresses.Count;
        await host.StopAsync();

        Assert.Equal(0, addressesWhenProbeStarted);
        Assert.Equal(1, addressesAfterStart);
    }

    [Fact]
    public async Task Stop_ServiceRegisteredAfterServer_StopsAfterTheServerStoppedListening()
    {
        using var host = BuildHostWithProbeAfterServer();
        await host.StartAsync();

        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<StartupProbe>().ServerAcceptedWhenStopping);
    }

    /// <summary>The server is registered first, the probe after it: the order an app would write them in.</summary>
    private static IHost BuildHostWithProbeAfterServer()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBackEnd(o => o.Urls = "http://127.0.0.1:0");
        builder.Services.AddSingleton<StartupProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartupProbe>());
        return builder.Build();
    }

    private sealed class StartupProbe(IServerAddresses addresses) : IHostedService
    {
        private bool? _acceptedWhenStopping;

        public int AddressesSeenAtStart { get; private set; } = -1;

        public bool ServerAcceptedWhenStopping => _acceptedWhenStopping ?? throw new InvalidOperationException("StopAsync did not run.");

        public Task StartAsync(CancellationToken cancellationToken)
        {
            AddressesSeenAtStart = addresses.Addresses.Count;
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, new Uri(addresses.Addresses[0]).Port), cancellationToken);
                _acceptedWhenStopping = true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                _acceptedWhenStopping = false;
            }
        }
    }
}
