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
            // The first connect shares the short timeouts that make the outage quick to see; on a busy machine it can miss
            // them, so the first write waits like the recovery does.
            Assert.Null(await RetryWhileUnavailableAsync(async () => await store.SetAsync("k", "before")));
            Assert.Equal("before", await store.GetAsync("k"));

            server.Stop();
            await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.GetAsync("k"));
            await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.SetAsync("k", "during"));

            await server.StartAgainAsync();
            string? value = "unset";

            // The multiplexer reconnects by itself in the background; nothing here recreates it.
            Assert.Null(await RetryWhileUnavailableAsync(async () => value = await store.GetAsync("k")));
            Assert.Null(value);
            await store.SetAsync("k", "after");
            Assert.Equal("after", await store.GetAsync("k"));
        }
    }

    // Runs the operation until it stops throwing StorageUnavailableException, at most 60 times 0.5 s apart; returns the
    // last such exception, or null once it succeeded.
    private static async Task<Exception?> RetryWhileUnavailableAsync(Func<Task> operation)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                await operation();
                return null;
            }
            catch (StorageUnavailableException exception)
            {
                last = exception;
                await Task.Delay(500);
            }
        }

        return last;
    }
}
