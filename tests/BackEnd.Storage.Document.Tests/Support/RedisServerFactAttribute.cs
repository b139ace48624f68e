namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A fact that starts its own throwaway <c>redis-server</c>; skipped, with the reason shown, when none is installed.</summary>
public sealed class RedisServerFactAttribute : FactAttribute
{
    public RedisServerFactAttribute()
    {
        if (RedisServerProcess.Executable is null)
        {
            Skip = "redis-server is not on PATH; install it (Debian: redis-server) to run this test.";
        }
    }
}
