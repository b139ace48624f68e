namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>Variables naming the servers tests may use; tests needing one skip with a visible reason when it is unset.</summary>
public static class Servers
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=56432;Username=backend;Database=backend_docs</c>.</summary>
    public const string PostgresVariable = "BACKEND_TEST_POSTGRES";

    /// <summary>A StackExchange.Redis configuration, e.g. <c>127.0.0.1:56379,defaultDatabase=1</c>.</summary>
    public const string RedisVariable = "BACKEND_TEST_REDIS";

    public static string? Postgres => Get(PostgresVariable);

    public static string? Redis => Get(RedisVariable);

    private static string? Get(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
