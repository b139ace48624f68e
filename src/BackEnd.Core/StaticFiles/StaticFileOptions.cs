namespace BackEnd.StaticFiles;

/// <summary>How a folder (or embedded resources) is served under a path prefix by <c>MapStaticFiles</c>.</summary>
public sealed class StaticFileOptions
{
    private TimeSpan _revalidateAfter = StaticFileDefaults.RevalidateAfter;

    /// <summary>Gets or sets the file served for a directory request (a path ending in <c>/</c>); <see langword="null"/> serves none.</summary>
    /// <value>Default: <c>index.html</c>.</value>
    public string? DefaultDocument { get; set; } = StaticFileDefaults.DefaultDocument;

    /// <summary>Gets or sets the file served for unknown paths without an extension, for single-page applications; <see langword="null"/> answers 404.</summary>
    /// <value>Default: <see langword="null"/> (no fallback).</value>
    public string? SpaFallback { get; set; }

    /// <summary>Gets or sets a value indicating whether files and folders whose name starts with a dot (<c>.env</c>, <c>.git/</c>) are served; <c>.well-known/</c> always is.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool ServeDotFiles { get; set; }

    /// <summary>Gets or sets a value indicating whether a symbolic link may lead to a file outside the root.</summary>
    /// <value>Default: <see langword="false"/>: such a file answers 404.</value>
    public bool AllowSymlinksOutsideRoot { get; set; }

    /// <summary>Gets or sets a value indicating whether files with an extension missing from <see cref="ContentTypes"/> are served as <see cref="DefaultContentType"/>.</summary>
    /// <value>Default: <see langword="false"/>: they answer 404.</value>
    public bool ServeUnknownFileTypes { get; set; }

    /// <summary>Gets or sets the content type of files with an unknown extension when <see cref="ServeUnknownFileTypes"/> is set.</summary>
    /// <value>Default: <c>application/octet-stream</c>.</value>
    public string DefaultContentType { get; set; } = "application/octet-stream";

    /// <summary>Gets the content type per extension (with the dot, case-insensitive); starts as the complete default table, change or add entries freely.</summary>
    public IDictionary<string, string> ContentTypes { get; } = StaticFileDefaults.CreateContentTypes();

    /// <summary>Gets the <c>Cache-Control</c> value per extension (with the dot), e.g. <c>".woff2" → "public, max-age=31536000, immutable"</c>.</summary>
    public IDictionary<string, string> CacheControlByExtension { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the <c>Cache-Control</c> value per folder below the root (e.g. <c>"assets/"</c>); the longest matching folder wins over an extension rule.</summary>
    public IDictionary<string, string> CacheControlByFolder { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the <c>Cache-Control</c> value when no rule matches; <see langword="null"/> sends none.</summary>
    /// <value>Default: <c>no-cache</c>: caches keep the file but revalidate it with its ETag, so a changed file is never served stale.</value>
    public string? DefaultCacheControl { get; set; } = StaticFileDefaults.DefaultCacheControl;

    /// <summary>
    /// Gets or sets how long a file's looked-up state (its validators, its held bytes, or that it is missing) is trusted before the
    /// disk is asked again. Within this time a changed, replaced, deleted or newly created file is not seen yet: requests keep getting
    /// the version looked up before, always whole and under its own ETag; the first request after it sees the change. Each lookup of a
    /// cached file costs a <c>statx</c> per folder on its path, so a short interval saves those system calls on busy files
    /// (nginx's <c>open_file_cache_valid</c> is the same trade). <see cref="TimeSpan.Zero"/> asks the disk at every request.
    /// </summary>
    /// <value>Default: one second.</value>
    public TimeSpan RevalidateAfter
    {
        get => _revalidateAfter;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _revalidateAfter = value;
            RevalidateAfterMilliseconds = (long)Math.Ceiling(value.TotalMilliseconds);
        }
    }

    /// <summary>Gets <see cref="RevalidateAfter"/> in the unit of <see cref="Environment.TickCount64"/>, read at every request.</summary>
    internal long RevalidateAfterMilliseconds { get; private set; } = (long)StaticFileDefaults.RevalidateAfter.TotalMilliseconds;

    /// <summary>Gets or sets a value indicating whether pre-compressed siblings (<c>app.js.br</c>, <c>app.js.gz</c>) are served to clients that accept them.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ServePrecompressed { get; set; } = true;
}
