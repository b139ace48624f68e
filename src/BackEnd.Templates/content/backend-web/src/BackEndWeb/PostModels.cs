namespace BackEndWeb;

/// <summary>The body of <c>POST /api/posts</c>.</summary>
/// <param name="Text">The message: 1 to 280 characters as a reader counts them.</param>
public sealed record NewPost(string? Text);

/// <summary>A post as clients see it, in lists, in <c>POST</c> answers and in the stream's <c>post</c> events.</summary>
/// <param name="Id">The id.</param>
/// <param name="Author">The author's user name.</param>
/// <param name="Text">The text.</param>
/// <param name="CreatedAt">When it was posted.</param>
public sealed record PostView(long Id, string Author, string Text, DateTimeOffset CreatedAt)
{
    internal static PostView From(Post post) => new(post.Id, post.Author, post.Text, post.CreatedAt);
}

/// <summary>One page of <c>GET /api/posts</c>, newest first.</summary>
/// <param name="Items">The posts.</param>
/// <param name="Next">The cursor of the next page (pass it as <c>?cursor=</c>), or <see langword="null"/> on the last page.</param>
public sealed record PostPage(IReadOnlyList<PostView> Items, string? Next);
