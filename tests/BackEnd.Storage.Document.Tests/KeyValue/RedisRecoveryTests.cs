using BackEnd.Storage.Document.Internal.KeyValue;
using BackEnd.Storage.Document.Tests.Support;

namespace BackEnd.Storage.Document.Tests.KeyValue;

public sealed class RedisRecoveryTests
{
    [RedisServerFact]
    public async Task Outage_ThrowsStorageUnavailable_ThenRecoversWithoutRestart()
    {
        using var server = await RedisServerProcess.StartAsync();
        var store = new RedisKeyValueStore($"127.0.0.1:{server.Port},connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000");
        await using (store)
        {
            await store.SetAsync("k", "before");
            Assert.Equal("before", await store.GetAsync("k"));

            server.Stop();
            await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.GetAsync("k"));
            await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.SetAsync("k", "during"));

            await server.StartAgainAsync();
            string? value = "unset";
            Exception? last = null;
            for (var attempt = 0; attempt < 60; attempt++)
            {
                try
                {
                    value = await store.GetAsync("k");
                    last = null;
                    break;
                }
                catch (StorageUnavailableException exception)
                {
                    // The multiplexer reconnects by itself in the background; nothing here recreates it.
                    last = exception;
                    await Task.Delay(500);
                }
            }

            Assert.Null(last);
            Assert.Null(value);
            await store.SetAsync("k", "after");
            Assert.Equal("after", await store.GetAsync("k"));
        }
    }
}
