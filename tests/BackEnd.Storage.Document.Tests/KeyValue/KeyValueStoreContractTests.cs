using BackEnd.Storage.KeyValue;

namespace BackEnd.Storage.Document.Tests.KeyValue;

/// <summary>One contract for every <see cref="IKeyValueStore"/> engine; each engine runs it with one sealed class.</summary>
public abstract class KeyValueStoreContractTests
{
    protected abstract IKeyValueStore Store { get; }

    protected abstract bool Enabled { get; }

    /// <summary>Lets time pass by at least <paramref name="time"/> (a fake clock jumps; a real server waits, boundedly).</summary>
    protected abstract Task PassAsync(TimeSpan time);

    protected static string Key() => "k:" + Guid.NewGuid().ToString("N");

    protected async Task Set_ThenGet_ReturnsValue_Core()
    {
        var key = Key();
        await Store.SetAsync(key, "value 'q' \"d\" 😀");

        Assert.Equal("value 'q' \"d\" 😀", await Store.GetAsync(key));
        Assert.Null(await Store.GetAsync(Key()));
    }

    protected async Task Set_EmptyString_IsNotMissing_Core()
    {
        var key = Key();
        await Store.SetAsync(key, "");

        Assert.Equal("", await Store.GetAsync(key));
    }

    protected async Task Set_WithTimeToLive_InvisibleOnceExpired_Core()
    {
        var key = Key();
        var keeper = Key();
        await Store.SetAsync(key, "v", TimeSpan.FromSeconds(1));
        await Store.SetAsync(keeper, "v");
        Assert.Equal("v", await Store.GetAsync(key));

        await PassAsync(TimeSpan.FromSeconds(1.5));

        Assert.Null(await Store.GetAsync(key));
        Assert.False(await Store.DeleteAsync(key));
        Assert.Equal("v", await Store.GetAsync(keeper));
    }

    protected async Task Delete_ReportsWhetherKeyExisted_Core()
    {
        var key = Key();
        await Store.SetAsync(key, "v");

        Assert.True(await Store.DeleteAsync(key));
        Assert.False(await Store.DeleteAsync(key));
        Assert.Null(await Store.GetAsync(key));
    }

    protected async Task Increment_ConcurrentCallers_CountsEveryCall_Core()
    {
        var key = Key();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ => await Store.IncrementAsync(key)));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Order());
        Assert.Equal("50", await Store.GetAsync(key));
        Assert.Equal(40, await Store.IncrementAsync(key, -10));
    }

    protected async Task Increment_TimeToLive_AppliesOnlyWhenCreated_Core()
    {
        var key = Key();
        await Store.IncrementAsync(key, 1, TimeSpan.FromSeconds(1));
        await Store.IncrementAsync(key, 1, TimeSpan.FromHours(1));

        await PassAsync(TimeSpan.FromSeconds(1.5));

        Assert.Null(await Store.GetAsync(key));
        Assert.Equal(1, await Store.IncrementAsync(key));
    }

    protected async Task Increment_NonInteger_ThrowsInvalidOperation_Core()
    {
        var key = Key();
        await Store.SetAsync(key, "abc");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Store.IncrementAsync(key));
        Assert.Equal("abc", await Store.GetAsync(key));
    }

    protected async Task CompareAndSet_OnlyFromExpectedValue_Core()
    {
        var key = Key();

        Assert.True(await Store.CompareAndSetAsync(key, null, "one"));
        Assert.False(await Store.CompareAndSetAsync(key, null, "two"));
        Assert.False(await Store.CompareAndSetAsync(key, "ONE", "two"));
        Assert.True(await Store.CompareAndSetAsync(key, "one", "two"));
        Assert.Equal("two", await Store.GetAsync(key));
    }

    protected async Task CompareAndSet_ConcurrentWriters_ExactlyOneWins_Core()
    {
        var key = Key();
        await Store.SetAsync(key, "start");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i => await Store.CompareAndSetAsync(key, "start", "w" + i)));

        Assert.Equal(1, outcomes.Count(o => o));
    }

    protected async Task ListPush_KeepsNewestFirstAndTrims_Core()
    {
        var key = Key();
        for (var i = 1; i <= 5; i++)
        {
            await Store.ListPushAsync(key, "item" + i, maxLength: 3);
        }

        Assert.Equal(["item5", "item4", "item3"], await Store.ListRangeAsync(key, 10));
        Assert.Equal(["item5", "item4"], await Store.ListRangeAsync(key, 2));
        Assert.Empty(await Store.ListRangeAsync(Key(), 10));
    }

    protected async Task ListPush_WithTimeToLive_InvisibleOnceExpired_Core()
    {
        var key = Key();
        await Store.ListPushAsync(key, "a", 10, TimeSpan.FromSeconds(1));

        await PassAsync(TimeSpan.FromSeconds(1.5));

        Assert.Empty(await Store.ListRangeAsync(key, 10));
        Assert.Equal(1, await Store.ListPushAsync(key, "b", 10));
    }

    protected async Task WrongKind_ThrowsInvalidOperation_Core()
    {
        var list = Key();
        var text = Key();
        await Store.ListPushAsync(list, "a", 10);
        await Store.SetAsync(text, "t");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Store.GetAsync(list));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Store.ListPushAsync(text, "a", 10));
    }

    protected async Task BadInput_IsRefusedClearly_Core()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync("", "v"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync(new string('k', KeyValueLimits.MaxKeyLength + 1), "v"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync(Key(), "lone \ud800 surrogate"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.SetAsync("lone \udc00", "v"));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(async () => await Store.SetAsync(Key(), "v", TimeSpan.Zero));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(async () => await Store.ListPushAsync(Key(), "v", 0));
    }

    protected async Task Keys_WithMetacharacters_AreData_Core()
    {
        string[] keys = ["a'b", "a\"b", "a%_b", "*", "$x.y", "{tag}", "a\\b", "日本"];
        foreach (var key in keys)
        {
            await Store.SetAsync(key + Guid.NewGuid().ToString("N")[..4], key);
        }

        var exact = "*" + Guid.NewGuid().ToString("N");
        await Store.SetAsync(exact, "star");
        Assert.Equal("star", await Store.GetAsync(exact));
        Assert.Null(await Store.GetAsync("*"));
    }
}
