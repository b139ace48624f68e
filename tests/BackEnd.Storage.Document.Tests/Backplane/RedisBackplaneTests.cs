using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Realtime;
using BackEnd.Storage.Document.Tests.Support;
using BackEnd.Storage.Testing;
using BackEnd.Storage.Testing.Backplane;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace BackEnd.Storage.Document.Tests.Backplane;

/// <summary>The backplane contract on Redis pub/sub; a node's connections carry its name as client name.</summary>
[RequiresEnvironmentVariable(Servers.RedisVariable)]
public sealed class RedisBackplaneTests : EventBackplaneContractTests
{
    protected override async Task<BackplaneNode> StartNodeAsync(string name, string channel) => await StartNodeAsync(Servers.Redis!, name, channel);

    protected override async Task PublishRawAsync(string channel, string message)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Servers.Redis!);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message);
    }

    protected override async Task BreakConnectionsAsync(string name)
    {
        var options = ConfigurationOptions.Parse(Servers.Redis!);
        options.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        // Only this node's connections: other tests may share the server.
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var ids = (await server.ClientListAsync()).Where(c => c.Name == name).Select(c => c.Id).ToList();
        foreach (var id in ids)
        {
            await server.ClientKillAsync(id: id);
        }

        Assert.NotEmpty(ids);
    }

    private static async Task<BackplaneNode> StartNodeAsync(string configuration, string name, string channel)
    {
        var host = await BackEndTestHost.StartAsync(b => b
            .AddRedisBackplane(configuration + ",name=" + name)
            .AddEventHubBackplane<string>(o =>
            {
                o.Channel = channel;
                o.Serialize = s => s;
                o.Deserialize = Deserialize;
            })
            .Configure(app => app.MapGet("/", () => name)));
        return new BackplaneNode(host.Services.GetRequiredService<EventHub<string>>(), host);
    }

    [RedisServerFact]
    public async Task ServerRestarted_NodesResubscribe_EventsFlowAgain()
    {
        using var server = await RedisServerProcess.StartAsync();
        var configuration = $"127.0.0.1:{server.Port},connectTimeout=2000";
        var channel = NewChannel();
        await using var a = await StartNodeAsync(configuration, "a", channel);
        await using var b = await StartNodeAsync(configuration, "b", channel);
        a.Hub.Publish("before");
        Assert.Equal("before", await b.NextAsync());

        server.Stop();
        a.Hub.Publish("while down");
        await server.StartAgainAsync();

        // "while down" waits in node A's queue and is retried; B receives it once both have reconnected, or a later probe.
        var received = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; !received.Any(IsAfterRestart) && clock.Elapsed < TimeSpan.FromSeconds(40); i++)
        {
            a.Hub.Publish(i == 0 ? "after" : "again " + i);
            try
            {
                received.Add(await b.NextAsync(TimeSpan.FromSeconds(1)));
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.Contains(received, IsAfterRestart);
        Assert.DoesNotContain("before", received);

        static bool IsAfterRestart(string item) => item == "after" || item.StartsWith("again ", StringComparison.Ordinal);
    }
}
