using System.ComponentModel.DataAnnotations.Schema;

namespace BackEndWeb;

/// <summary>A row of the <c>posts</c> table.</summary>
[Table("posts")]
public sealed class Post
{
    /// <summary>Gets or sets the key, assigned by the database in increasing order (the feed's order).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the author's user id (the normalised user name), which decides who may delete the post.</summary>
    public string AuthorId { get; set; } = string.Empty;

    /// <summary>Gets or sets the author's user name as shown.</summary>
    public string Author { get; set; } = string.Empty;

    /// <summary>Gets or sets the text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets when it was posted.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}
