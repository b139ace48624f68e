using System.Buffers;
using System.Globalization;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;

namespace BackEnd.StaticFiles.Internal;

/// <summary>
/// Serves one mapped provider: path checks, default document, pre-compressed siblings, conditional requests
/// (RFC 9110 §13), single byte ranges and HEAD, then streams the body in bounded chunks from the opened file.
/// </summary>
internal sealed class StaticFileEndpoint
{
    private const int ChunkSize = 64 * 1024;

    private readonly StaticFileProvider _provider;
    private readonly StaticFileOptions _options;
    private readonly string _prefix;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _contentTypes;
    private readonly KeyValuePair<string, string>[] _folderRules;

    public StaticFileEndpoint(StaticFileProvider provider, StaticFileOptions options, string prefix)
    {
        _provider = provider;
        _options = options;
        _prefix = prefix;
        // Looked up by the extension's span: a conditional GET of a static file is a hot path, and a substring per lookup adds up.
        _contentTypes = new Dictionary<string, string>(options.ContentTypes, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _folderRules = [.. options.CacheControlByFolder.OrderByDescending(static r => r.Key.Length)];
    }

    public ValueTask HandleAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var subpath = path.Length > _prefix.Length + 1 ? path[(_prefix.Length + 1)..] : string.Empty;
        switch (StaticPathValidator.Check(subpath, _options.ServeDotFiles))
        {
            case StaticPathValidator.Verdict.Malformed:
                return ProblemWriter.WriteAsync(context, 400, "The path contains a dot segment, an empty segment, a backslash, an encoded slash or a control character, which no served file has.");
            case StaticPathValidator.Verdict.Hidden:
                return NotFound(context);
        }

        if (subpath.Length == 0 || subpath.EndsWith('/'))
        {
            return _options.DefaultDocument is { } document ? ServeAsync(context, subpath + document, fallback: false) : NotFound(context);
        }

        return ServeAsync(context, subpath, fallback: true);
    }

    private static ValueTask NotFound(HttpContext context) => ProblemWriter.WriteAsync(context, 404, "No file is served at this path.");

    private async ValueTask ServeAsync(HttpContext context, string subpath, bool fallback, bool retried = false)
    {
        var contentType = ContentTypeOf(subpath);
        var file = contentType is null ? null : _provider.Open(subpath, _options);
        if (file is null)
        {
            if (fallback && _provider.IsDirectory(subpath))
            {
                var query = context.Request.QueryString;
                context.Response.StatusCode = 301;
                context.Response.Headers["Location"] = context.Request.PathBase + context.Request.Path + "/" + query;
                return;
            }

            if (fallback && _options.SpaFallback is { } spa && Path.GetExtension(subpath).Length == 0)
            {
                await ServeAsync(context, spa, fallback: false).ConfigureAwait(false);
                return;
            }

            await NotFound(context).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        var compressible = IsCompressible(contentType!);
        string? encoding = null;
        if (compressible && _options.ServePrecompressed && context.Request.Headers.TryGetValue("Accept-Encoding", out var accept))
        {
            var (first, second) = AcceptEncoding.Preferred(accept);
            encoding = TrySibling(ref file, subpath, first) ?? TrySibling(ref file, subpath, second);
        }

        using (file)
        {
            var status = Preconditions(context.Request, file);
            if (status == 200 && !string.Equals(context.Request.Method, "HEAD", StringComparison.Ordinal) && !file.TryOpen())
            {
                // The file changed after its validators were looked up; look again (once) rather than send other bytes under them.
                file.Dispose();
                if (!retried)
                {
                    await ServeAsync(context, subpath, fallback, retried: true).ConfigureAwait(false);
                    return;
                }

                context.Abort();
                return;
            }

            var headers = response.Headers;
            if (status == 304)
            {
                // RFC 9110 §15.4.5: the fields a cache updates its stored response with, and no other representation
                // metadata (Content-Type, Last-Modified when an ETag is sent, Accept-Ranges, Content-Encoding).
                headers["ETag"] = file.ETag;
                if (compressible)
                {
                    headers["Vary"] = "Accept-Encoding";
                }

                if (CacheControlOf(subpath) is { } revalidated)
                {
                    headers["Cache-Control"] = revalidated;
                }

                response.StatusCode = 304;
                return;
            }

            response.ContentType = contentType;
            headers["ETag"] = file.ETag;
            headers["Last-Modified"] = file.LastModifiedText;
            headers["Accept-Ranges"] = "bytes";
            if (compressible)
            {
                headers["Vary"] = "Accept-Encoding";
            }

            if (encoding is not null)
            {
                headers["Content-Encoding"] = encoding;
            }

            if (CacheControlOf(subpath) is { } cacheControl)
            {
                headers["Cache-Control"] = cacheControl;
            }

            if (status != 200)
            {
                response.StatusCode = status;
                if (status == 412)
                {
                    headers.Remove("Content-Encoding");
                    await ProblemWriter.WriteAsync(context, 412, "The file does not match the request's If-Match or If-Unmodified-Since precondition.").ConfigureAwait(false);
                }

                return;
            }

            var start = 0L;
            var length = file.Length;
            if (context.Request.Headers.TryGetValue("Range", out var rangeHeader) && IfRangeHolds(context.Request, file))
            {
                switch (ByteRange.Parse(rangeHeader.Count == 1 ? rangeHeader[0] : null, file.Length, out var range))
                {
                    case ByteRange.Outcome.Partial:
                        start = range.Start;
                        length = range.Length;
                        response.StatusCode = 206;
                        headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + length - 1}/{file.Length}");
                        break;
                    case ByteRange.Outcome.Unsatisfiable:
                        headers.Remove("ETag");
                        headers.Remove("Last-Modified");
                        headers.Remove("Content-Encoding");
                        headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes */{file.Length}");
                        await ProblemWriter.WriteAsync(context, 416, "The requested range lies outside the file.").ConfigureAwait(false);
                        return;
                }
            }

            response.ContentLength = length;
            if (string.Equals(context.Request.Method, "HEAD", StringComparison.Ordinal))
            {
                return;
            }

            await SendAsync(context, file, start, length).ConfigureAwait(false);
        }
    }

    /// <summary>Streams from the file opened for this response; if it changes or shrinks meanwhile the connection is aborted, never completed with mixed bytes.</summary>
    private static async ValueTask SendAsync(HttpContext context, StaticFileEntry file, long start, long length)
    {
        var cancellationToken = context.RequestAborted;
        if (file.Content is { } content)
        {
            // A snapshot taken under one stamp: no read, no file handle, and nothing that could change mid-response.
            await context.Response.WriteAsync(content.Slice((int)start, (int)length), cancellationToken).ConfigureAwait(false);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(length, 1)));
        try
        {
            var position = start;
            var end = start + length;
            while (position < end)
            {
                var want = (int)Math.Min(buffer.Length, end - position);
                var read = await file.ReadAsync(position, buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                if (read <= 0 || file.HasChanged())
                {
                    context.Abort();
                    return;
                }

                await context.Response.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string? TrySibling(ref StaticFileEntry file, string subpath, string? encoding)
    {
        if (encoding is null)
        {
            return null;
        }

        var sibling = _provider.Open(subpath + (encoding == "br" ? ".br" : ".gz"), _options);
        if (sibling is null)
        {
            return null;
        }

        if (sibling.LastModified < file.LastModified)
        {
            // A sibling older than its original is stale: serving it would send old content.
            sibling.Dispose();
            return null;
        }

        file.Dispose();
        file = sibling;
        return encoding;
    }

    /// <summary>RFC 9110 §13.2.2: If-Match, else If-Unmodified-Since (412); then If-None-Match, else If-Modified-Since (304).</summary>
    private static int Preconditions(HttpRequest request, StaticFileEntry file)
    {
        var headers = request.Headers;
        if (headers.TryGetValue("If-Match", out var ifMatch))
        {
            if (!HttpValidators.ListMatches(ifMatch, file.ETag, weak: false))
            {
                return 412;
            }
        }
        else if (HttpValidators.TryParseDate(headers["If-Unmodified-Since"], out var unmodifiedSince) && file.LastModified > unmodifiedSince)
        {
            return 412;
        }

        if (headers.TryGetValue("If-None-Match", out var ifNoneMatch))
        {
            if (HttpValidators.ListMatches(ifNoneMatch, file.ETag, weak: true))
            {
                return 304;
            }
        }
        else if (HttpValidators.TryParseDate(headers["If-Modified-Since"], out var modifiedSince) && file.LastModified <= modifiedSince)
        {
            return 304;
        }

        return 200;
    }

    /// <summary>If-Range (RFC 9110 §13.1.5): the range applies only while the client's copy is current, by strong ETag or exact date.</summary>
    private static bool IfRangeHolds(HttpRequest request, StaticFileEntry file)
    {
        if (!request.Headers.TryGetValue("If-Range", out var ifRange) || ifRange.Count != 1 || ifRange[0] is not { } value)
        {
            return true;
        }

        if (value.StartsWith('"'))
        {
            return string.Equals(value, file.ETag, StringComparison.Ordinal);
        }

        return HttpValidators.TryParseDate(ifRange, out var date) && date == file.LastModified;
    }

    private string? ContentTypeOf(string subpath)
    {
        var extension = Path.GetExtension(subpath.AsSpan());
        if (extension.Length > 0 && _contentTypes.TryGetValue(extension, out var type))
        {
            return type;
        }

        return _options.ServeUnknownFileTypes ? _options.DefaultContentType : null;
    }

    private string? CacheControlOf(string subpath)
    {
        foreach (var rule in _folderRules)
        {
            if (subpath.StartsWith(rule.Key, StringComparison.Ordinal))
            {
                return rule.Value;
            }
        }

        var byExtension = _options.CacheControlByExtension;
        if (byExtension.Count == 0)
        {
            return _options.DefaultCacheControl;
        }

        var extension = Path.GetExtension(subpath.AsSpan());
        return extension.Length > 0 && byExtension.TryGetValue(extension.ToString(), out var value) ? value : _options.DefaultCacheControl;
    }

    private static bool IsCompressible(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/manifest+json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/wasm", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase);
}
