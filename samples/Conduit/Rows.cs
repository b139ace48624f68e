using System.Text.Json;

namespace Conduit;

// Rows read with ISqlDatabase: snake_case columns map to these constructor parameters.

/// <summary>Something a user wrote, checked by <see cref="ConduitApp.AuthorPolicy"/>.</summary>
public interface IAuthored
{
    /// <summary>Gets the author's auth user id.</summary>
    string AuthorId { get; }
}

/// <summary>An article joined with its author, counts, tags (sorted, joined by U+001F) and the caller's relations; <c>Total</c> is the filter's row count.</summary>
internal sealed record ArticleRow(
    long Id, string Slug, string Title, string Description, string? Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string AuthorId, string Username, string? Bio, string? Image, long FavoritesCount, bool Favorited, bool Following, string? Tags, long Total) : IAuthored;

/// <summary>A user's profile and whether the caller follows them.</summary>
internal sealed record ProfileRow(string Id, string Username, string Email, string? Bio, string? Image, bool Following)
{
    public ProfileDto ToDto() => new(Username, Bio, Image, Following);
}

/// <summary>The signed-in user's address and stored profile JSON.</summary>
internal sealed record CurrentRow(string Email, string ProfileJson);

/// <summary>A comment joined with its author.</summary>
internal sealed record CommentRow(
    long Id, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string AuthorId, string Username, string? Bio, string? Image, bool Following) : IAuthored
{
    public CommentDto ToDto() => new(Id, CreatedAt, UpdatedAt, Body, new ProfileDto(Username, Bio, Image, Following));
}

/// <summary>The JSON a list concatenates, stored with the row (migration 0004): each object left open where the viewer's members follow.</summary>
internal static class Rendered
{
    public static readonly ProfileDto Nobody = new("", null, null, false);

    /// <summary>An article's members up to <c>updatedAt</c>, without the body (lists leave it out).</summary>
    public static string Head(ArticleDto article) =>
        Open(JsonSerializer.Serialize(article with { Body = null }, ConduitJsonContext.Default.ArticleDto), ",\"favorited\":");

    /// <summary>A profile's username, bio and image.</summary>
    public static string Profile(string username, string? bio, string? image) =>
        Open(JsonSerializer.Serialize(new ProfileDto(username, bio, image, false), ConduitJsonContext.Default.ProfileDto), ",\"following\":");

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, ConduitJsonContext.Default.String);

    // A string value cannot hold the member's text: its quotes would be escaped.
    private static string Open(string json, string next) => json[..json.IndexOf(next, StringComparison.Ordinal)];
}
