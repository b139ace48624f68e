namespace BackEnd.StaticFiles;

/// <summary>The defaults of <see cref="StaticFileOptions"/>, written once.</summary>
public static class StaticFileDefaults
{
    /// <summary>The default document of a directory: <c>index.html</c>.</summary>
    public const string DefaultDocument = "index.html";

    /// <summary>The default <c>Cache-Control</c>: <c>no-cache</c> (store, but revalidate).</summary>
    public const string DefaultCacheControl = "no-cache";

    /// <summary>How long a looked-up file is trusted before the disk is asked again: one second.</summary>
    public static readonly TimeSpan RevalidateAfter = TimeSpan.FromSeconds(1);

    /// <summary>Creates a new, editable copy of the default extension-to-content-type table.</summary>
    /// <returns>The table, keyed case-insensitively by extension with its dot.</returns>
    public static IDictionary<string, string> CreateContentTypes() => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".map"] = "application/json; charset=utf-8",
        [".webmanifest"] = "application/manifest+json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".ico"] = "image/x-icon",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",
        [".wasm"] = "application/wasm",
        [".txt"] = "text/plain; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".xml"] = "application/xml",
        [".pdf"] = "application/pdf",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".wav"] = "audio/wav",
        [".zip"] = "application/zip",
    };
}
