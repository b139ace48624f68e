using Microsoft.Extensions.Configuration;

namespace BackEndWeb;

/// <summary>The <c>App</c> configuration section and the connection string, read once at start.</summary>
internal sealed class AppSettings
{
    /// <summary>Gets the folder of the SQLite file and the cursor key (<c>App:DataPath</c>, default <c>./data</c>).</summary>
    public required string DataPath { get; init; }

    /// <summary>Gets the PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), or <see langword="null"/> for SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Gets the moderator's user name (<c>App:ModeratorUserName</c>).</summary>
    public string? ModeratorUserName { get; init; }

    /// <summary>Gets the moderator's password (<c>App:ModeratorPassword</c>).</summary>
    public string? ModeratorPassword { get; init; }

    /// <summary>Gets the folder served at <c>/</c> (<c>App:WebRoot</c>, default <c>wwwroot</c> beside the program).</summary>
    public required string WebRoot { get; init; }

    public static AppSettings Read(IConfiguration configuration) => new()
    {
        DataPath = Path.GetFullPath(configuration["App:DataPath"] is { Length: > 0 } path ? path : "data"),
        PostgresConnectionString = configuration.GetConnectionString("Postgres") is { Length: > 0 } pg ? pg : null,
        ModeratorUserName = configuration["App:ModeratorUserName"],
        ModeratorPassword = configuration["App:ModeratorPassword"],
        WebRoot = configuration["App:WebRoot"] is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    };
}
