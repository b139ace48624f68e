namespace Feed;

/// <summary>How live events reach the subscribers of the other nodes (<c>Feed:Backplane</c>).</summary>
internal enum FeedBackplane
{
    /// <summary>One node: events stay in the process.</summary>
    None,

    /// <summary>PostgreSQL <c>LISTEN/NOTIFY</c> on the posts' database.</summary>
    Postgres,

    /// <summary>Redis pub/sub on <c>ConnectionStrings:Redis</c>.</summary>
    Redis,
}
