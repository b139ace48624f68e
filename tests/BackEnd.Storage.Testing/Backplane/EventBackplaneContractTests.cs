using System.Diagnostics;
using System.Globalization;

namespace BackEnd.Storage.Testing.Backplane;

/// <summary>
/// What every <c>IEventBackplane</c> must do, run by one sealed subclass per provider: two hosts in this process are two
/// nodes joined by a real server. Events in these tests are plain strings; a node refuses to deserialize "poison".
/// </summary>
public abstract class EventBackplaneContractTests
{
    /// <summary>Starts a node on the given channel; <paramref name="name"/> marks its connections so <see cref="BreakConnectionsAsync"/> can find them.</summary>
    protected abstract Task<BackplaneNode> StartNodeAsync(string name, string channel);

    /// <summary>Sends a message on the channel straight through the server, bypassing BackEnd, as a foreign or broken publisher would.</summary>
    protected abstract Task PublishRawAsync(string channel, string message);

    /// <summary>Cuts the node's connections to the server from the server side, as a server restart does.</summary>
    protected abstract Task BreakConnectionsAsync(string name);

    protected static string NewChannel() => "test." + Guid.NewGuid().ToString("N")[..16];

    [StoreFact]
    public async Task Publish_OnNodeA_ReachesNodeBOnceAndNodeAOnce()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);

        var local = a.Hub.Publish("from a");
        var onB = await b.NextAsync();
        var onA = await a.NextAsync();
        b.Hub.Publish("from b");
        var nextOnA = await a.NextAsync();

        Assert.Equal(1, local);
        Assert.Equal("from a", onB);
        Assert.Equal("from a", onA);
        // Had node A received its own event back through the server, that copy would come before B's.
        Assert.Equal("from b", nextOnA);
        Assert.Equal("from b", await b.NextAsync());
    }

    [StoreFact]
    public async Task Publish_ManyFromOneNode_ArriveInPublishingOrder()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);
        const int count = 300;

        for (var i = 0; i < count; i++)
        {
            a.Hub.Publish(i.ToString(CultureInfo.InvariantCulture));
        }

        var received = new List<string>();
        for (var i = 0; i < count; i++)
        {
            received.Add(await b.NextAsync());
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)), received);
    }

    [StoreFact]
    public async Task Publish_LargeNonAsciiEvent_ArrivesIntact()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);
        // 60,000 UTF-8 bytes: far beyond PostgreSQL NOTIFY's 8,000-byte payload.
        var large = string.Concat(Enumerable.Repeat("é👍🏽z", 7_500));

        a.Hub.Publish(large);
        a.Hub.Publish("after");

        Assert.Equal(large, await b.NextAsync());
        Assert.Equal("after", await b.NextAsync());
    }

    [StoreFact]
    public async Task Publish_EventOverTheLimit_RefusedEverywhereWithClearError()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);

        var error = Assert.Throws<ArgumentException>(() => a.Hub.Publish(new string('x', 2 * 1024 * 1024)));
        a.Hub.Publish("small");

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.Contains("reference", error.Message, StringComparison.Ordinal);
        Assert.Equal("small", await a.NextAsync());
        Assert.Equal("small", await b.NextAsync());
    }

    [StoreFact]
    public async Task ForeignAndBrokenMessages_Ignored_LaterEventsStillArrive()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);
        var stranger = Guid.NewGuid().ToString("N");

        foreach (var message in new[]
        {
            "garbage", string.Empty, "1:", "1:not-a-guid-at-all-but-32-chars!:1:x", $"1:{stranger}:-5:x", $"1:{stranger}:1",
            $"1:{stranger}:1:poison", "'; DROP TABLE users; --", "r123456789", "m", new string('\u00e9', 3000),
        })
        {
            await PublishRawAsync(channel, message);
        }

        a.Hub.Publish("\0 a NUL, refused by some servers");
        a.Hub.Publish("still flowing");
        var first = await b.NextAsync();
        if (first.StartsWith('\0'))
        {
            first = await b.NextAsync();
        }

        await PublishRawAsync(channel, $"1:{stranger}:2:from a stranger node");

        Assert.Equal("still flowing", first);
        Assert.Equal("from a stranger node", await b.NextAsync());
    }

    [StoreFact]
    public async Task ConnectionsCut_NodesReconnect_EventsFlowAgain()
    {
        var channel = NewChannel();
        await using var a = await StartNodeAsync("a" + channel, channel);
        await using var b = await StartNodeAsync("b" + channel, channel);
        a.Hub.Publish("before");
        Assert.Equal("before", await b.NextAsync());

        await BreakConnectionsAsync("a" + channel);
        await BreakConnectionsAsync("b" + channel);

        // Events published while a node is away are lost for it (pub/sub keeps nothing); probe until one gets through.
        var clock = Stopwatch.StartNew();
        string? received = null;
        for (var i = 0; received is null && clock.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            a.Hub.Publish("probe " + i.ToString(CultureInfo.InvariantCulture));
            try
            {
                received = await b.NextAsync(TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.NotNull(received);
        Assert.StartsWith("probe ", received, StringComparison.Ordinal);
        a.Hub.Publish("after");
        string last;
        do
        {
            last = await b.NextAsync();
        }
        while (last.StartsWith("probe ", StringComparison.Ordinal));

        Assert.Equal("after", last);
    }

    /// <summary>The nodes' deserializer: text is the event, except "poison", which stands for text another version cannot read.</summary>
    protected static string Deserialize(string text) =>
        text == "poison" ? throw new FormatException("This node cannot read the event 'poison'.") : text;
}
