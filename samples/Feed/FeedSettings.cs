using Microsoft.Extensions.Configuration;

namespace Feed;

/// <summary>The <c>Feed</c> configuration section and the connection string, read once at start.</summary>
internal sealed class FeedSettings
{
    /// <summary>Gets the folder of the SQLite file and the cursor key (<c>Feed:DataPath</c>, default <c>./data</c>).</summary>
    public required string DataPath { get; init; }

    /// <summary>Gets the PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), or <see langword="null"/> for SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Gets the moderator's user name (<c>Feed:ModeratorUserName</c>).</summary>
    public string? ModeratorUserName { get; init; }

    /// <summary>Gets the moderator's password (<c>Feed:ModeratorPassword</c>).</summary>
    public string? ModeratorPassword { get; init; }

    /// <summary>Gets the folder served at <c>/</c> (<c>Feed:WebRoot</c>, default <c>wwwroot</c> beside the program).</summary>
    public required string WebRoot { get; init; }

    public static FeedSettings Read(IConfiguration configuration) => new()
    {
        DataPath = Path.GetFullPath(configuration["Feed:DataPath"] is { Length: > 0 } path ? path : "data"),
        PostgresConnectionString = configuration.GetConnectionString("Postgres") is { Length: > 0 } pg ? pg : null,
        ModeratorUserName = configuration["Feed:ModeratorUserName"],
        ModeratorPassword = configuration["Feed:ModeratorPassword"],
        WebRoot = configuration["Feed:WebRoot"] is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    };
}
