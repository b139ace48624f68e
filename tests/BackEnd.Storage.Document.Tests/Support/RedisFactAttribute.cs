namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A fact that runs only when <c>BACKEND_TEST_REDIS</c> names a Redis server, and says so when skipped.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (Servers.Redis is null)
        {
            Skip = $"{Servers.RedisVariable} is not set; set it to a Redis configuration (e.g. 127.0.0.1:56379,defaultDatabase=1) to run this test.";
        }
    }
}
