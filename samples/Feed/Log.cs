using Microsoft.Extensions.Logging;

namespace Feed;

/// <summary>The sample's structured log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Post {PostId} created by {UserId}")]
    public static partial void PostCreated(ILogger logger, long postId, string userId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Post {PostId} of {AuthorId} deleted by {UserId} (moderator: {AsModerator})")]
    public static partial void PostDeleted(ILogger logger, long postId, string authorId, string userId, bool asModerator);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{UserId} may not delete post {PostId} of {AuthorId}")]
    public static partial void DeleteForbidden(ILogger logger, long postId, string authorId, string userId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Moderator {UserName} {Outcome}")]
    public static partial void ModeratorSeeded(ILogger logger, string userName, string outcome);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Moderator {UserName} could not be created: {Errors}")]
    public static partial void ModeratorRefused(ILogger logger, string userName, string errors);
}
