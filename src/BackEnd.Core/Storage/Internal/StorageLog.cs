using Microsoft.Extensions.Logging;

namespace BackEnd.Storage.Internal;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4901, Level = LogLevel.Warning,
        Message = "The cursor key file {Path} cannot be used; cursors are sealed with a key that lasts until the process ends. Set StorageCursorOptions.Key or BackEnd:Storage:CursorKey")]
    public static partial void CursorKeyFileUnusable(ILogger logger, string path, Exception? exception);
}
