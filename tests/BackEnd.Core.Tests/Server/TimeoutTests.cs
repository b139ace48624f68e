using System.Net.Sockets;

namespace BackEnd.Core.Tests.Server;

/// <summary>Keep-alive, slowloris and slow-body limits with short configured values; outcomes only, never timings.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task KeepAliveTimeout_IdleConnection_Closed()
    {
        await using var server = await TestServer.StartAsync(configure: o => o.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(200, (await client.ReadResponseAsync())!.Status);

        var closed = await client.IsClosedAsync();

        Assert.True(closed);
    }

    [Fact]
    public async Task RequestHeadersTimeout_PartialHeaders_408AndClosed()
    {
        await using var server = await TestServer.StartAsync(configure: o => o.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ");
        var response = await client.ReadResponseAsync();

        Assert.Equal(408, response!.Status);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task RequestHeadersTimeout_DribblingClient_CutOff()
    {
        await using var server = await TestServer.StartAsync(configure: o => o.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");
        var cutOff = false;

        // Keeps sending a byte every 200 ms: every single read is "active", only the overall deadline can stop it.
        for (var i = 0; i < 150 && !cutOff; i++)
        {
            try
            {
                await client.SendAsync("X");
                await Task.Delay(200);
            }
            catch (IOException)
            {
                cutOff = true;
            }
            catch (SocketException)
            {
                cutOff = true;
            }
        }

        var response = cutOff ? null : await client.ReadResponseAsync();
        Assert.True(cutOff || response?.Status == 408);
    }

    [Fact]
    public async Task MinRequestBodyDataRate_StalledBody_408AndClosed()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody, o =>
        {
            o.MinRequestBodyDataRate = 100;
            o.MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(1);
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nabc");
        var response = await client.ReadResponseAsync();

        Assert.Equal(408, response!.Status);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task MaxConcurrentConnections_Excess_ClosedImmediately()
    {
        await using var server = await TestServer.StartAsync(configure: o => o.MaxConcurrentConnections = 1);
        await using var first = await server.ConnectAsync();
        await first.SendAsync("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(200, (await first.ReadResponseAsync())!.Status);

        await using var second = await server.ConnectAsync();
        var refused = await second.IsClosedAsync();
        await first.SendAsync("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        var stillServed = await first.ReadResponseAsync();

        Assert.True(refused);
        Assert.Equal("/2", stillServed!.BodyText);
    }

    [Fact]
    public async Task WriteTimeout_ClientStopsReading_ConnectionAborted()
    {
        var payload = new byte[1024 * 1024];
        await using var server = await TestServer.StartAsync(
            async context =>
            {
                for (var i = 0; i < 64; i++)
                {
                    await context.Response.WriteAsync(payload);
                }
            },
            o => o.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        // Never read: the server's flush stalls once the socket buffers are full, and it must give up on its own.
        for (var i = 0; i < 100 && server.ServerServices.Connections.IsEmpty; i++)
        {
            await Task.Delay(50);
        }

        for (var i = 0; i < 300 && !server.ServerServices.Connections.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(server.ServerServices.Connections.IsEmpty);
    }
}
