namespace BackEnd.Pipeline.Compression;

/// <summary>The defaults of <see cref="ResponseCompressionOptions"/>.</summary>
public static class ResponseCompressionDefaults
{
    /// <summary>The smallest body compressed; smaller bodies gain little and cost CPU.</summary>
    /// <value>Default: 1,024 bytes.</value>
    public const int MinimumSize = 1024;

    /// <summary>The media types compressed by default: text and structured text; images, video, archives are already compressed.</summary>
    public static readonly IReadOnlyList<string> MimeTypes =
    [
        "text/plain", "text/html", "text/css", "text/csv", "text/xml", "text/javascript", "text/event-stream",
        "application/json", "application/problem+json", "application/javascript", "application/xml", "image/svg+xml", "application/wasm",
    ];
}
