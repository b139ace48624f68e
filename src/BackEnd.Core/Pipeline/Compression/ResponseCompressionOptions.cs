using System.IO.Compression;

namespace BackEnd.Pipeline.Compression;

/// <summary>When and how responses are compressed; validated at start-up.</summary>
public sealed class ResponseCompressionOptions
{
    /// <summary>Gets or sets the smallest body compressed, in bytes; bodies of unknown length are buffered up to this size to decide.</summary>
    /// <value>Default: 1,024 bytes.</value>
    public int MinimumSize { get; set; } = ResponseCompressionDefaults.MinimumSize;

    /// <summary>Gets the media types compressed; <c>+json</c> and <c>+xml</c> suffixes are always included.</summary>
    /// <value>Default: text and structured-text types (see <see cref="ResponseCompressionDefaults.MimeTypes"/>).</value>
    public IList<string> MimeTypes { get; } = [.. ResponseCompressionDefaults.MimeTypes];

    /// <summary>Gets or sets the compression level of gzip and Brotli.</summary>
    /// <value>Default: <see cref="CompressionLevel.Fastest"/>.</value>
    public CompressionLevel Level { get; set; } = CompressionLevel.Fastest;

    /// <summary>Gets or sets a value indicating whether responses over TLS are compressed; off by default because of BREACH-style attacks on secrets in bodies.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool EnableForHttps { get; set; }
}
