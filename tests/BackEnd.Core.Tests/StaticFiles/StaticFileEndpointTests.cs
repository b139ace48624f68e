using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace BackEnd.Core.Tests.StaticFiles;

/// <summary>MapStaticFiles over real sockets: documents, validators, conditional requests, ranges, MIME and pre-compressed siblings.</summary>
public sealed class StaticFileEndpointTests : IAsyncLifetime, IAsyncDisposable
{
    private const string Digits = "0123456789";
    private static readonly DateTime s_modified = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private StaticSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = new StaticSite();
        _site.Write("index.html", "<h1>home</h1>");
        _site.Write("digits.txt", Digits);
        _site.Write("docs/index.html", "<h1>docs</h1>");
        _site.Write("app.js", "console.log('plain');");
        _site.Write("app.js.gz", Gzip("console.log('plain');"));
        _site.Write("app.js.br", Brotli("console.log('plain');"));
        _site.Write("assets/logo.png", [0x89, 0x50, 0x4E, 0x47]);
        _site.Write("font.woff2", [1, 2, 3]);
        _site.Write("data.bin", [1, 2, 3]);
        await _site.StartAsync(o =>
        {
            o.CacheControlByExtension[".woff2"] = "public, max-age=31536000, immutable";
            o.CacheControlByFolder["assets/"] = "public, max-age=60";
        });
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public async Task Get_File_200WithTypeValidatorsAndAcceptRanges()
    {
        var response = await _site.GetAsync("/digits.txt");

        Assert.Equal(200, response.Status);
        Assert.Equal(Digits, response.BodyText);
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.Equal("Fri, 02 Jan 2026 03:04:05 GMT", response.Header("Last-Modified"));
        Assert.Matches("^\"[0-9a-f]+-a\"$", response.Header("ETag"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
    }

    [Theory]
    [InlineData("/", "<h1>home</h1>")]
    [InlineData("/docs/", "<h1>docs</h1>")]
    public async Task Get_Directory_ServesDefaultDocument(string target, string body)
    {
        var response = await _site.GetAsync(target);

        Assert.Equal(200, response.Status);
        Assert.Equal(body, response.BodyText);
        Assert.StartsWith("text/html", response.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DirectoryWithoutSlash_301ToSlash()
    {
        var response = await _site.GetAsync("/docs?x=1");

        Assert.Equal(301, response.Status);
        Assert.Equal("/docs/?x=1", response.Header("Location"));
    }

    [Fact]
    public async Task Get_LiteralRoute_WinsOverFiles()
    {
        Assert.Equal("literal route", (await _site.GetAsync("/literal")).BodyText);
    }

    [Fact]
    public async Task Get_Missing_404Problem()
    {
        var response = await _site.GetAsync("/missing.txt");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_File_HeadersWithoutBody()
    {
        var response = await _site.SendAsync("HEAD /digits.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", head: true);

        Assert.Equal(200, response.Status);
        Assert.Equal("10", response.Header("Content-Length"));
        Assert.NotNull(response.Header("ETag"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task IfNoneMatch_CurrentTag_304WithoutBody()
    {
        var etag = (await _site.GetAsync("/digits.txt")).Header("ETag");

        var response = await _site.GetAsync("/digits.txt", $"If-None-Match: \"other\", {etag}");

        Assert.Equal(304, response.Status);
        Assert.Equal(etag, response.Header("ETag"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task IfNoneMatch_CurrentTag_304CarriesCacheFieldsOnly()
    {
        var full = await _site.GetAsync("/app.js");

        var response = await _site.GetAsync("/app.js", $"If-None-Match: {full.Header("ETag")}");

        Assert.Equal(304, response.Status);
        Assert.Equal(full.Header("ETag"), response.Header("ETag"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.NotNull(full.Header("Last-Modified"));
        Assert.Null(response.Header("Content-Type"));
        Assert.Null(response.Header("Last-Modified"));
        Assert.Null(response.Header("Accept-Ranges"));
    }

    [Fact]
    public async Task IfNoneMatch_WeakFormOfTag_304()
    {
        var etag = (await _site.GetAsync("/digits.txt")).Header("ETag");

        Assert.Equal(304, (await _site.GetAsync("/digits.txt", $"If-None-Match: W/{etag}")).Status);
    }

    [Theory]
    [InlineData("If-None-Match: \"stale\"", 200)]
    [InlineData("If-None-Match: *", 304)]
    [InlineData("If-Modified-Since: Fri, 02 Jan 2026 03:04:05 GMT", 304)]
    [InlineData("If-Modified-Since: Sat, 03 Jan 2026 00:00:00 GMT", 304)]
    [InlineData("If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT", 200)]
    [InlineData("If-Modified-Since: not a date", 200)]
    [InlineData("If-Match: \"stale\"", 412)]
    [InlineData("If-Match: *", 200)]
    [InlineData("If-Unmodified-Since: Thu, 01 Jan 2026 00:00:00 GMT", 412)]
    [InlineData("If-Unmodified-Since: Fri, 02 Jan 2026 03:04:05 GMT", 200)]
    public async Task Conditional_Header_ExpectedStatus(string header, int status)
    {
        var response = await _site.GetAsync("/digits.txt", header);

        Assert.Equal(status, response.Status);
        if (status != 412)
        {
            Assert.Equal(status == 200 ? Digits : string.Empty, response.BodyText);
        }
    }

    [Fact]
    public async Task IfNoneMatch_OverridesIfModifiedSince()
    {
        var response = await _site.GetAsync("/digits.txt", "If-None-Match: \"stale\"", "If-Modified-Since: Sat, 03 Jan 2026 00:00:00 GMT");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task IfMatch_CurrentTag_200()
    {
        var etag = (await _site.GetAsync("/digits.txt")).Header("ETag");

        Assert.Equal(200, (await _site.GetAsync("/digits.txt", $"If-Match: {etag}")).Status);
    }

    [Theory]
    [InlineData("bytes=0-3", "0123", "bytes 0-3/10")]
    [InlineData("bytes=5-", "56789", "bytes 5-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    [InlineData("bytes=-100", Digits, "bytes 0-9/10")]
    [InlineData("bytes=4-4", "4", "bytes 4-4/10")]
    public async Task Range_Satisfiable_206WithContentRange(string range, string body, string contentRange)
    {
        var response = await _site.GetAsync("/digits.txt", "Range: " + range);

        Assert.Equal(206, response.Status);
        Assert.Equal(body, response.BodyText);
        Assert.Equal(contentRange, response.Header("Content-Range"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
    }

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=10-20")]
    [InlineData("bytes=-0")]
    public async Task Range_Unsatisfiable_416WithSize(string range)
    {
        var response = await _site.GetAsync("/digits.txt", "Range: " + range);

        Assert.Equal(416, response.Status);
        Assert.Equal("bytes */10", response.Header("Content-Range"));
        Assert.DoesNotContain(Digits, response.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=x-y")]
    [InlineData("items=0-1")]
    [InlineData("bytes=")]
    public async Task Range_MultipleOrInvalid_200Whole(string range)
    {
        var response = await _site.GetAsync("/digits.txt", "Range: " + range);

        Assert.Equal(200, response.Status);
        Assert.Equal(Digits, response.BodyText);
        Assert.Null(response.Header("Content-Range"));
    }

    [Fact]
    public async Task IfRange_CurrentTag_206()
    {
        var etag = (await _site.GetAsync("/digits.txt")).Header("ETag");

        var response = await _site.GetAsync("/digits.txt", "Range: bytes=0-1", $"If-Range: {etag}");

        Assert.Equal(206, response.Status);
        Assert.Equal("01", response.BodyText);
    }

    [Theory]
    [InlineData("If-Range: \"stale\"")]
    [InlineData("If-Range: Thu, 01 Jan 2026 00:00:00 GMT")]
    public async Task IfRange_Stale_200Whole(string ifRange)
    {
        var response = await _site.GetAsync("/digits.txt", "Range: bytes=0-1", ifRange);

        Assert.Equal(200, response.Status);
        Assert.Equal(Digits, response.BodyText);
    }

    [Fact]
    public async Task IfRange_ExactDate_206()
    {
        var response = await _site.GetAsync("/digits.txt", "Range: bytes=0-1", "If-Range: Fri, 02 Jan 2026 03:04:05 GMT");

        Assert.Equal(206, response.Status);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0.5, gzip;q=0.8", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData("gzip;q=0, br;q=0", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    public async Task Precompressed_AcceptEncoding_ChoosesSibling(string acceptEncoding, string? expected)
    {
        var response = await _site.GetAsync("/app.js", "Accept-Encoding: " + acceptEncoding);

        Assert.Equal(200, response.Status);
        Assert.Equal("text/javascript; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("Accept-Encoding", response.Header("Vary"));
        Assert.Equal(expected, response.Header("Content-Encoding"));
        var text = expected switch
        {
            "gzip" => Encoding.UTF8.GetString(Decompress(new GZipStream(new MemoryStream(response.Body), CompressionMode.Decompress))),
            "br" => Encoding.UTF8.GetString(Decompress(new BrotliStream(new MemoryStream(response.Body), CompressionMode.Decompress))),
            _ => response.BodyText,
        };
        Assert.Equal("console.log('plain');", text);
    }

    [Fact]
    public async Task Precompressed_Range_AppliesToSentRepresentation()
    {
        var gz = await File.ReadAllBytesAsync(Path.Combine(_site.Root, "app.js.gz"));

        var response = await _site.GetAsync("/app.js", "Accept-Encoding: gzip", "Range: bytes=0-3");

        Assert.Equal(206, response.Status);
        Assert.Equal("gzip", response.Header("Content-Encoding"));
        Assert.Equal(gz[..4], response.Body);
        Assert.Equal($"bytes 0-3/{gz.Length}", response.Header("Content-Range"));
    }

    [Fact]
    public async Task Precompressed_SiblingTagDiffersFromOriginal()
    {
        var plain = await _site.GetAsync("/app.js");
        var compressed = await _site.GetAsync("/app.js", "Accept-Encoding: br");

        Assert.NotEqual(plain.Header("ETag"), compressed.Header("ETag"));
    }

    [Fact]
    public async Task Precompressed_SiblingOlderThanOriginal_NotServed()
    {
        _site.Write("fresh.js", "newer", s_modified.AddDays(1));
        _site.Write("fresh.js.gz", Gzip("older"), s_modified);

        var response = await _site.GetAsync("/fresh.js", "Accept-Encoding: gzip");

        Assert.Null(response.Header("Content-Encoding"));
        Assert.Equal("newer", response.BodyText);
    }

    [Theory]
    [InlineData("/assets/logo.png", "image/png", "public, max-age=60")]
    [InlineData("/font.woff2", "font/woff2", "public, max-age=31536000, immutable")]
    [InlineData("/index.html", "text/html; charset=utf-8", "no-cache")]
    public async Task CacheControl_FolderAndExtensionRules(string target, string contentType, string cacheControl)
    {
        var response = await _site.GetAsync(target);

        Assert.Equal(contentType, response.Header("Content-Type"));
        Assert.Equal(cacheControl, response.Header("Cache-Control"));
    }

    [Fact]
    public async Task UnknownExtension_NotServed()
    {
        Assert.Equal(404, (await _site.GetAsync("/data.bin")).Status);
        Assert.Equal(404, (await _site.GetAsync("/app.js.gz")).Status);
    }

    [Fact]
    public async Task LargeFile_StreamedWhole()
    {
        var content = RandomNumberGenerator.GetBytes((3 * 1024 * 1024) + 17);
        _site.Write("big.pdf", content);

        var response = await _site.GetAsync("/big.pdf");

        Assert.Equal("application/pdf", response.Header("Content-Type"));
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(response.Body));
    }

    [Fact]
    public async Task LargeFile_ChangedInPlaceWhileServed_ConnectionCutShortOfLength()
    {
        const int size = 48 * 1024 * 1024;
        var path = _site.Write("changing.mp4", new byte[size]);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", _site.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        await stream.WriteAsync("GET /changing.mp4 HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
        var buffer = new byte[64 * 1024];
        var first = await stream.ReadAsync(buffer);

        // The server is now blocked on a full socket; change the file under it.
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = size / 2;
            file.Write([1, 2, 3]);
        }

        File.SetLastWriteTimeUtc(path, s_modified.AddHours(1));
        long total = first;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // A reset is a fine way to be told the response is incomplete.
        }

        Assert.True(first > 0);
        Assert.True(total < size, $"received {total} bytes of a {size}-byte file that changed while being sent; the response must be cut short");
    }

    [Fact]
    public async Task File_ReplacedByRenameWhileServed_OldVersionServedWhole()
    {
        const int size = 24 * 1024 * 1024;
        var original = Enumerable.Repeat((byte)'a', size).ToArray();
        var path = _site.Write("replaced.mp4", original);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", _site.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        await stream.WriteAsync("GET /replaced.mp4 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray());
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        received.Write(buffer, 0, await stream.ReadAsync(buffer));

        var replacement = path + ".new";
        await File.WriteAllBytesAsync(replacement, Enumerable.Repeat((byte)'b', size).ToArray());
        File.Move(replacement, path, overwrite: true);
        await stream.CopyToAsync(received);

        var all = received.ToArray();
        var bodyStart = all.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        var body = all.AsSpan(bodyStart);
        Assert.Equal(size, body.Length);
        Assert.Equal(-1, body.IndexOf((byte)'b'));
    }

    internal static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    internal static byte[] Brotli(string text)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    internal static byte[] Decompress(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }
}
