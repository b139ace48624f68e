using BackEnd.Http;

namespace Hello;

/// <summary>A deliberately small static file handler for <c>/static/…</c> until the static-files feature lands; refuses traversal.</summary>
public sealed class StaticFileHandler
{
    private readonly string _root;

    /// <summary>Initializes a handler serving files under <paramref name="root"/>.</summary>
    /// <param name="root">The directory to serve.</param>
    public StaticFileHandler(string root)
    {
        _root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }

    /// <summary>Serves the file at <paramref name="relativePath"/>, or 404 when it is missing or outside the root.</summary>
    /// <param name="context">The request context.</param>
    /// <param name="relativePath">The path below <c>/static/</c>.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public async ValueTask ServeAsync(HttpContext context, string relativePath)
    {
        var response = context.Response;
        if (relativePath.Length == 0 || relativePath.EndsWith('/'))
        {
            relativePath += "index.html";
        }

        // The server already removed dot segments; still refuse anything that could step outside the root.
        if (relativePath.Contains('\\') || relativePath.Contains(':') || relativePath.Contains('\0')
            || relativePath.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            || relativePath.Split('/').Any(segment => segment is ".." or "."))
        {
            response.StatusCode = 404;
            return;
        }

        var fullPath = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!fullPath.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(fullPath))
        {
            response.StatusCode = 404;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(fullPath, context.RequestAborted);
        response.ContentType = ContentTypeOf(fullPath);
        response.ContentLength = bytes.Length;
        if (context.Request.Method != "HEAD")
        {
            await response.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".txt" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
