using BackEnd.Realtime;

namespace BackEnd.Core.Tests.Realtime;

/// <summary>Back-pressure of the hub: bounded queues, slow subscribers dropped or skipping, never blocking the others.</summary>
public sealed class EventHubTests
{
    [Fact]
    public async Task Publish_ManySubscribers_EachReceivesEveryEventInOrder()
    {
        var hub = new EventHub<int>();
        var subscriptions = Enumerable.Range(0, 20).Select(_ => hub.Subscribe()).ToList();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(20, hub.Publish(i));
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
            Assert.Equal([0, 1, 2, 3, 4], await ToListAsync(subscription));
        }
    }

    [Fact]
    public async Task Publish_SlowSubscriber_DroppedWhileOthersKeepReceiving()
    {
        var hub = new EventHub<int>(new EventHubOptions { QueueCapacity = 2 });
        var slow = hub.Subscribe();
        var fast = hub.Subscribe();
        await using var fastReader = fast.ReadAllAsync().GetAsyncEnumerator();
        var received = new List<int>();

        for (var i = 0; i < 10; i++)
        {
            hub.Publish(i);
            Assert.True(await fastReader.MoveNextAsync());
            received.Add(fastReader.Current);
        }

        Assert.Equal(Enumerable.Range(0, 10), received);
        Assert.True(slow.WasDropped);
        Assert.False(fast.WasDropped);
        Assert.Equal(1, hub.SubscriberCount);
        Assert.Equal([0, 1], await ToListAsync(slow));
    }

    [Fact]
    public async Task Publish_SkipOldestPolicy_SlowSubscriberKeepsNewestAndStays()
    {
        var hub = new EventHub<int>(new EventHubOptions { QueueCapacity = 3, SlowSubscriberPolicy = SlowSubscriberPolicy.SkipOldest });
        var slow = hub.Subscribe();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, hub.Publish(i));
        }

        Assert.False(slow.WasDropped);
        Assert.Equal(7, slow.Skipped);
        Assert.Equal(1, hub.SubscriberCount);
        slow.Dispose();
        Assert.Equal([7, 8, 9], await ToListAsync(slow));
    }

    [Fact]
    public void Dispose_Subscription_LeavesHub()
    {
        var hub = new EventHub<string>();
        var subscription = hub.Subscribe();

        subscription.Dispose();

        Assert.Equal(0, hub.SubscriberCount);
        Assert.Equal(0, hub.Publish("nobody"));
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventHub<int>(new EventHubOptions { QueueCapacity = 0 }));
    }

    private static async Task<List<int>> ToListAsync(EventSubscription<int> subscription)
    {
        var list = new List<int>();
        await foreach (var item in subscription.ReadAllAsync())
        {
            list.Add(item);
        }

        return list;
    }
}
