using Microsoft.Extensions.Configuration;

namespace Feed;

/// <summary>The <c>Feed</c> configuration section and the connection string, read once at start.</summary>
internal sealed class FeedSettings
{
    /// <summary>Gets the folder of the SQLite file and the cursor key (<c>Feed:DataPath</c>, default <c>./data</c>).</summary>
    public required string DataPath { get; init; }

    /// <summary>Gets the PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), or <see langword="null"/> for SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Gets how live events reach the other nodes (<c>Feed:Backplane</c>: <c>none</c>, <c>postgres</c> or <c>redis</c>; default <c>none</c>).</summary>
    public required FeedBackplane Backplane { get; init; }

    /// <summary>Gets the Redis configuration of the backplane (<c>ConnectionStrings:Redis</c>), when <see cref="Backplane"/> is <c>redis</c>.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>Gets the moderator's user name (<c>Feed:ModeratorUserName</c>).</summary>
    public string? ModeratorUserName { get; init; }

    /// <summary>Gets the moderator's password (<c>Feed:ModeratorPassword</c>).</summary>
    public string? ModeratorPassword { get; init; }

    /// <summary>Gets the folder served at <c>/</c> (<c>Feed:WebRoot</c>, default <c>wwwroot</c> beside the program).</summary>
    public required string WebRoot { get; init; }

    public static FeedSettings Read(IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres") is { Length: > 0 } pg ? pg : null;
        var redis = configuration.GetConnectionString("Redis") is { Length: > 0 } r ? r : null;
        var backplane = configuration["Feed:Backplane"] is { Length: > 0 } name
            ? Enum.TryParse<FeedBackplane>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"Feed:Backplane is '{name}'; use none, postgres or redis.")
            : FeedBackplane.None;
        if (backplane == FeedBackplane.Postgres && postgres is null)
        {
            throw new InvalidOperationException("Feed:Backplane is postgres, but ConnectionStrings:Postgres is not set; the backplane uses the posts' database.");
        }

        if (backplane == FeedBackplane.Redis && redis is null)
        {
            throw new InvalidOperationException("Feed:Backplane is redis, but ConnectionStrings:Redis is not set (e.g. 127.0.0.1:6379).");
        }

        return Create(configuration, postgres, redis, backplane);
    }

    private static FeedSettings Create(IConfiguration configuration, string? postgres, string? redis, FeedBackplane backplane) => new()
    {
        DataPath = Path.GetFullPath(configuration["Feed:DataPath"] is { Length: > 0 } path ? path : "data"),
        PostgresConnectionString = postgres,
        RedisConnectionString = redis,
        Backplane = backplane,
        ModeratorUserName = configuration["Feed:ModeratorUserName"],
        ModeratorPassword = configuration["Feed:ModeratorPassword"],
        WebRoot = configuration["Feed:WebRoot"] is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    };
}
