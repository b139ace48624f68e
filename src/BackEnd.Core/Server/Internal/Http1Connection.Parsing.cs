using System.Buffers;
using System.Text;
using System.Text.Unicode;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>The request-line and header parser: strict RFC 9112 framing, no allocation for a repeated target.</summary>
internal sealed partial class Http1Connection
{
    /// <summary>Longer than any registered method (the longest has 17 characters), short enough to refuse a junk line early.</summary>
    private const int MaxMethodLength = 32;

    private bool _inHeaders;
    private int _headerBytes;
    private int _leadingEmptyLines;
    private byte[]? _scratch;

    private int _hostIndex;
    private int _hostCount;
    private int _contentTypeIndex;
    private bool _hasAuthorization;
    private byte[] _extensionMethodCache = [];
    private string? _cachedExtensionMethod;
    private bool _hasContentLength;
    private bool _hasTransferEncoding;
    private bool _teLastIsChunked;
    private int _teChunkedCount;
    private bool _teHasOther;
    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private bool _expectContinue;
    private bool _continueSent;
    private BodyKind _bodyKind;

    private byte[] _targetCache = [];
    private int _targetCacheLength = -1;
    private string _cachedRawTarget = "/";
    private string _cachedPath = "/";
    private string _cachedQuery = string.Empty;
    private string? _cachedAuthority;
    private int _cachedSchemeLength;

    private byte[] _hostCache = [];
    private string? _cachedHost;
    private byte[] _contentTypeCache = [];
    private string? _cachedContentType;

    /// <summary>Gets a value indicating whether the client asked for <c>100 Continue</c> and has not received it.</summary>
    public bool NeedsContinue => _expectContinue && !_continueSent && !ResponseStarted;

    public string GetHostString() =>
        _hostIndex < 0 ? string.Empty : CachedString(_request.RequestHeaders.RawValue(_hostIndex), ref _hostCache, ref _cachedHost);

    public string? GetContentTypeString() =>
        _contentTypeIndex < 0 ? null : CachedString(_request.RequestHeaders.RawValue(_contentTypeIndex), ref _contentTypeCache, ref _cachedContentType);

    /// <summary>Consumes complete lines from <paramref name="buffer"/>; true when the header section is complete.</summary>
    private bool TryParseRequest(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var remaining = buffer;
        consumed = buffer.Start;
        while (true)
        {
            ReadOnlySpan<byte> line;
            long lineLength;
            var first = remaining.FirstSpan;
            var lf = first.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                line = first[..lf];
                lineLength = lf + 1;
            }
            else
            {
                var position = remaining.IsSingleSegment ? null : remaining.PositionOf((byte)'\n');
                if (position is null)
                {
                    CheckPendingLimit(remaining.Length);
                    return false;
                }

                var sequence = remaining.Slice(0, position.Value);
                lineLength = sequence.Length + 1;
                CheckLineLimit(lineLength);
                line = CopyToScratch(sequence);
            }

            CheckLineLimit(lineLength);
            remaining = remaining.Slice(lineLength);
            consumed = remaining.Start;

            if (line.Length == 0 || line[^1] != (byte)'\r')
            {
                throw new BadHttpRequestException("Lines must end with CRLF.");
            }

            line = line[..^1];
            if (!_inHeaders)
            {
                if (line.Length == 0)
                {
                    // RFC 9112 2.2: ignore at least one empty line before the request line.
                    if (++_leadingEmptyLines > 2)
                    {
                        throw new BadHttpRequestException("Invalid request line.");
                    }

                    continue;
                }

                ParseRequestLine(line);
                _inHeaders = true;
                continue;
            }

            if (line.Length == 0)
            {
                CompleteHeaders();
                _inHeaders = false;
                _leadingEmptyLines = 0;
                _headerBytes = 0;
                return true;
            }

            ParseHeaderLine(line);
        }
    }

    private void CheckPendingLimit(long pending)
    {
        if (!_inHeaders && pending > _options.MaxRequestLineSize)
        {
            throw new BadHttpRequestException(414, "The request line is too long.");
        }

        // One byte of slack: a lone CR pending at the limit may be the start of the CRLF that ends the section.
        if (_inHeaders && _headerBytes + pending > _options.MaxRequestHeadersTotalSize + 1L)
        {
            throw new BadHttpRequestException(431, "The request header section is too large.");
        }
    }

    private void CheckLineLimit(long lineLength)
    {
        if (!_inHeaders)
        {
            if (lineLength > _options.MaxRequestLineSize)
            {
                throw new BadHttpRequestException(414, "The request line is too long.");
            }
        }
        else if (lineLength > 2 && _headerBytes + lineLength > _options.MaxRequestHeadersTotalSize)
        {
            // The limit covers the field lines with their CRLFs, as counted by ParseHeaderLine; the empty line ending
            // the section (length 2) is not a field line.
            throw new BadHttpRequestException(431, "The request header section is too large.");
        }
    }

    private ReadOnlySpan<byte> CopyToScratch(ReadOnlySequence<byte> sequence)
    {
        var length = (int)sequence.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 256));
        }

        sequence.CopyTo(_scratch);
        return _scratch.AsSpan(0, length);
    }

    private void ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            throw new BadHttpRequestException("Invalid request line.");
        }

        var method = line[..firstSpace];
        if (method.IndexOfAnyExcept(HeaderText.TokenChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid method.");
        }

        if (method.Length > MaxMethodLength)
        {
            throw new BadHttpRequestException("The method is too long.");
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        if (secondSpace <= 0)
        {
            throw new BadHttpRequestException("Invalid request line.");
        }

        var target = rest[..secondSpace];
        var version = rest[(secondSpace + 1)..];
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5])
            || version[6] != (byte)'.' || !char.IsAsciiDigit((char)version[7]))
        {
            throw new BadHttpRequestException("Invalid HTTP version.");
        }

        if (version[5] != (byte)'1' || (version[7] != (byte)'1' && version[7] != (byte)'0'))
        {
            throw new BadHttpRequestException(505, "The HTTP version is not supported.");
        }

        _request.Version = version[7] == (byte)'1' ? 11 : 10;
        // RFC 9110 9.1: any token is a method; routing decides whether something answers it. CONNECT alone needs a
        // tunnel this server does not offer.
        var methodString = KnownMethod(method) ?? ExtensionMethod(method);
        _request.MethodString = methodString;
        _request.IsHead = ReferenceEquals(methodString, "HEAD");

        if (target.IndexOfAnyExcept(HeaderText.TargetChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid character in the request target.");
        }

        SetTarget(target, ReferenceEquals(methodString, "OPTIONS"));
    }

    private string ExtensionMethod(ReadOnlySpan<byte> method)
    {
        if (method.SequenceEqual("CONNECT"u8))
        {
            throw new BadHttpRequestException(501, "The CONNECT method is not implemented.");
        }

        return CachedString(method, ref _extensionMethodCache, ref _cachedExtensionMethod);
    }

    private static string? KnownMethod(ReadOnlySpan<byte> method) => method.Length switch
    {
        3 when method.SequenceEqual("GET"u8) => "GET",
        3 when method.SequenceEqual("PUT"u8) => "PUT",
        4 when method.SequenceEqual("POST"u8) => "POST",
        4 when method.SequenceEqual("HEAD"u8) => "HEAD",
        5 when method.SequenceEqual("PATCH"u8) => "PATCH",
        5 when method.SequenceEqual("TRACE"u8) => "TRACE",
        6 when method.SequenceEqual("DELETE"u8) => "DELETE",
        7 when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => null,
    };

    private void SetTarget(ReadOnlySpan<byte> target, bool isOptions)
    {
        if (target.Length == 1 && target[0] == (byte)'*' && !isOptions)
        {
            // Checked before the cache: a connection that sent OPTIONS * has "*" cached.
            throw new BadHttpRequestException("The asterisk-form target is only allowed with OPTIONS.");
        }

        if (target.Length == _targetCacheLength && target.SequenceEqual(_targetCache.AsSpan(0, _targetCacheLength)))
        {
            ApplyCachedTarget();
            return;
        }

        ReadOnlySpan<byte> pathAndQuery;
        string? authority = null;
        var schemeLength = 0;
        if (target[0] == (byte)'/')
        {
            pathAndQuery = target;
        }
        else if (target.Length == 1 && target[0] == (byte)'*')
        {
            pathAndQuery = default;
        }
        else
        {
            schemeLength = Ascii.EqualsIgnoreCase(target[..Math.Min(7, target.Length)], "http://"u8) ? 7
                : target.Length >= 8 && Ascii.EqualsIgnoreCase(target[..8], "https://"u8) ? 8
                : throw new BadHttpRequestException("Invalid request target.");
            var afterScheme = target[schemeLength..];
            var end = afterScheme.IndexOfAny((byte)'/', (byte)'?');
            var authorityBytes = end < 0 ? afterScheme : afterScheme[..end];
            if (authorityBytes.IsEmpty || authorityBytes.IndexOfAnyExcept(HeaderText.HostChars) >= 0 || authorityBytes.Contains((byte)'@'))
            {
                throw new BadHttpRequestException("Invalid authority in the request target.");
            }

            authority = Encoding.ASCII.GetString(authorityBytes);
            pathAndQuery = end < 0 ? default : afterScheme[end..];
        }

        var question = pathAndQuery.IndexOf((byte)'?');
        var pathBytes = question < 0 ? pathAndQuery : pathAndQuery[..question];
        _cachedQuery = question < 0 ? string.Empty : Encoding.ASCII.GetString(pathAndQuery[question..]);
        _cachedPath = target.Length == 1 && target[0] == (byte)'*' ? string.Empty : DecodePath(pathBytes);
        _cachedRawTarget = Encoding.ASCII.GetString(target);
        _cachedAuthority = authority;
        _cachedSchemeLength = schemeLength;

        if (_targetCache.Length < target.Length)
        {
            _targetCache = new byte[Math.Max(target.Length, 64)];
        }

        target.CopyTo(_targetCache);
        _targetCacheLength = target.Length;
        ApplyCachedTarget();
    }

    private void ApplyCachedTarget()
    {
        _request.RawTargetValue = _cachedRawTarget;
        _request.Path = _cachedPath;
        _request.QueryStringValue = _cachedQuery;
        _request.AbsoluteAuthority = _cachedAuthority;
    }

    /// <summary>Percent-decodes the path (keeping <c>%2F</c> encoded so no segment boundary is invented) and removes dot segments.</summary>
    internal static string DecodePath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty)
        {
            return "/";
        }

        if (path.IndexOf((byte)'%') < 0 && path.IndexOf("/."u8) < 0)
        {
            return Encoding.ASCII.GetString(path);
        }

        var decoded = new byte[path.Length];
        var length = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var b = path[i];
            if (b != (byte)'%')
            {
                decoded[length++] = b;
                continue;
            }

            if (i + 2 >= path.Length || !Uri.IsHexDigit((char)path[i + 1]) || !Uri.IsHexDigit((char)path[i + 2]))
            {
                throw new BadHttpRequestException("Invalid percent-encoding in the request path.");
            }

            var value = (byte)((Uri.FromHex((char)path[i + 1]) << 4) | Uri.FromHex((char)path[i + 2]));
            if (value == (byte)'/')
            {
                decoded[length++] = b;
                decoded[length++] = path[i + 1];
                decoded[length++] = path[i + 2];
            }
            else if (value < 0x20 || value == 0x7F)
            {
                throw new BadHttpRequestException("Control character in the request path.");
            }
            else
            {
                decoded[length++] = value;
            }

            i += 2;
        }

        var bytes = decoded.AsSpan(0, length);
        if (!Utf8.IsValid(bytes))
        {
            throw new BadHttpRequestException("The request path is not valid UTF-8.");
        }

        return RemoveDotSegments(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>RFC 3986 section 5.2.4 for an absolute path: <c>.</c> and <c>..</c> segments never survive, so no handler sees a traversal.</summary>
    internal static string RemoveDotSegments(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal))
        {
            return path;
        }

        var segments = path.Split('/');
        var output = new List<string>(segments.Length);
        var trailingSlash = false;
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                trailingSlash = last;
            }
            else if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                trailingSlash = last;
            }
            else
            {
                output.Add(segment);
                trailingSlash = false;
            }
        }

        var result = "/" + string.Join('/', output);
        return trailingSlash && !result.EndsWith('/') ? result + "/" : result;
    }

    private void ParseHeaderLine(ReadOnlySpan<byte> line)
    {
        _headerBytes += line.Length + 2;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw new BadHttpRequestException("Invalid header line.");
        }

        var name = line[..colon];
        if (name.IndexOfAnyExcept(HeaderText.TokenChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid character in a header name.");
        }

        var value = HeaderText.TrimWhitespace(line[(colon + 1)..]);
        if (value.IndexOfAnyExcept(HeaderText.FieldValueChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid character in a header value.");
        }

        var headers = _request.RequestHeaders;
        if (headers.RawCount >= _options.MaxRequestHeaderCount)
        {
            throw new BadHttpRequestException(431, "Too many request headers.");
        }

        var index = headers.Append(name, value);
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "host"u8):
                _hostCount++;
                _hostIndex = index;
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "content-length"u8):
                if (_hasContentLength)
                {
                    throw new BadHttpRequestException("Multiple Content-Length headers.");
                }

                _hasContentLength = true;
                if (line[(colon + 1)..].Contains((byte)'\t'))
                {
                    // Legal whitespace, but no sender puts a tab here and some parsers do not strip it: refuse the ambiguity.
                    throw new BadHttpRequestException("Invalid Content-Length.");
                }

                headers.SetParsedContentLength(ParseContentLength(value));
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8):
                _hasTransferEncoding = true;
                ParseTransferEncoding(value);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "connection"u8):
                ParseConnection(value);
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "expect"u8):
                // RFC 9110 15.2: an HTTP/1.0 client knows no 1xx, so its expectation is ignored and no 100 is sent.
                if (_request.Version == 11)
                {
                    if (!Ascii.EqualsIgnoreCase(value, "100-continue"u8))
                    {
                        throw new BadHttpRequestException(417, "The only expectation this server meets is 100-continue.");
                    }

                    _expectContinue = true;
                }

                break;
            case 12 when Ascii.EqualsIgnoreCase(name, "content-type"u8):
                if (_contentTypeIndex >= 0)
                {
                    throw new BadHttpRequestException("Multiple Content-Type headers.");
                }

                _contentTypeIndex = index;
                break;
            case 13 when Ascii.EqualsIgnoreCase(name, "authorization"u8):
                if (_hasAuthorization)
                {
                    throw new BadHttpRequestException("Multiple Authorization headers.");
                }

                _hasAuthorization = true;
                break;
            case >= 13 and <= 32 when (name[0] | 0x20) is (byte)'c' or (byte)'t' && IsLookalikeFramingHeader(name):
                throw new BadHttpRequestException("A header name imitates Content-Length or Transfer-Encoding.");
        }
    }

    /// <summary>True for names such as <c>Content_Length</c> or <c>Transfer---Encoding</c> that a proxy might normalize into a framing header.</summary>
    private static bool IsLookalikeFramingHeader(ReadOnlySpan<byte> name)
    {
        Span<byte> letters = stackalloc byte[32];
        var length = 0;
        foreach (var b in name)
        {
            if (b is (byte)'-' or (byte)'_' or (byte)'.')
            {
                continue;
            }

            letters[length++] = b;
        }

        var stripped = letters[..length];
        return Ascii.EqualsIgnoreCase(stripped, "contentlength"u8) || Ascii.EqualsIgnoreCase(stripped, "transferencoding"u8);
    }

    private static long ParseContentLength(ReadOnlySpan<byte> value)
    {
        // Digits only (no sign, no space) and no leading zero, so no two parsers can read the length differently.
        if (value.IsEmpty || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 || (value.Length > 1 && value[0] == (byte)'0'))
        {
            throw new BadHttpRequestException("Invalid Content-Length.");
        }

        long length = 0;
        foreach (var digit in value)
        {
            // Exact, so long.MaxValue itself is a length (refused with 413 by the limit) and only a real overflow is a 400.
            if (length > (long.MaxValue - (digit - '0')) / 10)
            {
                throw new BadHttpRequestException("Content-Length overflows.");
            }

            length = (length * 10) + (digit - '0');
        }

        return length;
    }

    private void ParseTransferEncoding(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            throw new BadHttpRequestException("Empty Transfer-Encoding.");
        }

        foreach (var range in value.Split((byte)','))
        {
            var coding = HeaderText.TrimWhitespace(value[range]);
            if (coding.IsEmpty)
            {
                continue;
            }

            if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
            {
                _teChunkedCount++;
                _teLastIsChunked = true;
            }
            else
            {
                var name = coding.IndexOf((byte)';') is var semicolon and >= 0 ? HeaderText.TrimWhitespace(coding[..semicolon]) : coding;
                if (name.IsEmpty || name.IndexOfAnyExcept(HeaderText.TokenChars) >= 0 || !IsRegisteredCoding(name))
                {
                    // Not a coding at all (a smuggling probe such as "xchunked"): malformed, not merely unsupported.
                    throw new BadHttpRequestException("Invalid Transfer-Encoding.");
                }

                _teHasOther = true;
                _teLastIsChunked = false;
            }
        }
    }

    /// <summary>Compares the absolute-form authority (still in the target cache) with the Host header: host case-insensitively, a missing port as the scheme's default.</summary>
    private bool AbsoluteAuthorityMatchesHost()
    {
        var defaultPort = _cachedSchemeLength == 8 ? "443"u8 : "80"u8;
        SplitAuthority(_targetCache.AsSpan(_cachedSchemeLength, _cachedAuthority!.Length), defaultPort, out var targetHost, out var targetPort);
        SplitAuthority(_request.RequestHeaders.RawValue(_hostIndex), defaultPort, out var headerHost, out var headerPort);
        return Ascii.EqualsIgnoreCase(targetHost, headerHost) && targetPort.SequenceEqual(headerPort);
    }

    private static void SplitAuthority(ReadOnlySpan<byte> authority, ReadOnlySpan<byte> defaultPort, out ReadOnlySpan<byte> host, out ReadOnlySpan<byte> port)
    {
        var colon = authority.LastIndexOf((byte)':');
        if (colon < 0 || colon < authority.LastIndexOf((byte)']'))
        {
            host = authority;
            port = defaultPort;
            return;
        }

        host = authority[..colon];
        port = colon == authority.Length - 1 ? defaultPort : authority[(colon + 1)..];
    }

    private static bool IsRegisteredCoding(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "gzip"u8) || Ascii.EqualsIgnoreCase(name, "deflate"u8) || Ascii.EqualsIgnoreCase(name, "compress"u8)
        || Ascii.EqualsIgnoreCase(name, "identity"u8) || Ascii.EqualsIgnoreCase(name, "x-gzip"u8) || Ascii.EqualsIgnoreCase(name, "x-compress"u8)
        || Ascii.EqualsIgnoreCase(name, "br"u8) || Ascii.EqualsIgnoreCase(name, "zstd"u8);

    private void ParseConnection(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = HeaderText.TrimWhitespace(value[range]);
            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                _connectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                _connectionKeepAlive = true;
            }
        }
    }

    /// <summary>Applies the message-level rules once the header section is complete (RFC 9112 sections 3.2 and 6).</summary>
    private void CompleteHeaders()
    {
        if (_hostCount > 1)
        {
            throw new BadHttpRequestException("Multiple Host headers.");
        }

        if (_hostCount == 0 && _request.Version == 11)
        {
            throw new BadHttpRequestException("Missing Host header.");
        }

        if (_hostCount == 1 && _request.RequestHeaders.RawValue(_hostIndex).IndexOfAnyExcept(HeaderText.HostChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid Host header.");
        }

        if (_hostCount == 1 && _request.AbsoluteAuthority is null && _request.Version == 11 && _request.RequestHeaders.RawValue(_hostIndex).IsEmpty)
        {
            // RFC 9112 3.2: an empty Host is only for a target without an authority; an origin-form request has one.
            throw new BadHttpRequestException("Empty Host header.");
        }

        if (_request.AbsoluteAuthority is not null && _hostCount == 1 && !AbsoluteAuthorityMatchesHost())
        {
            // As Kestrel: the server and the middleware reading the Host header must never see two different hosts.
            throw new BadHttpRequestException("The Host header does not match the authority of the request target.");
        }

        long contentLength = 0;
        if (_hasTransferEncoding)
        {
            if (_hasContentLength)
            {
                throw new BadHttpRequestException("Content-Length and Transfer-Encoding together.");
            }

            if (_request.Version == 10)
            {
                throw new BadHttpRequestException("Transfer-Encoding in an HTTP/1.0 request.");
            }

            if (_teChunkedCount == 0 && !_teHasOther)
            {
                throw new BadHttpRequestException("Empty Transfer-Encoding.");
            }

            if (!_teLastIsChunked)
            {
                // RFC 9112 6.3: the length of such a body is unknown to a server, so the message is malformed.
                throw new BadHttpRequestException("The final transfer coding must be chunked.");
            }

            if (_teChunkedCount > 1)
            {
                throw new BadHttpRequestException("chunked applied more than once.");
            }

            if (_teHasOther)
            {
                throw new BadHttpRequestException(501, "Only the chunked transfer coding is supported.");
            }

            _bodyKind = BodyKind.Chunked;
        }
        else if (_hasContentLength && (contentLength = _request.RequestHeaders.ContentLength ?? 0) > 0)
        {
            _bodyKind = BodyKind.ContentLength;
        }
        else
        {
            _bodyKind = BodyKind.None;
        }

        if (_bodyKind == BodyKind.ContentLength && contentLength > _options.MaxRequestBodySize)
        {
            throw new BadHttpRequestException(413, "The request body is larger than the limit.");
        }

        _keepAlive = _request.Version == 11 ? !_connectionClose : _connectionKeepAlive && !_connectionClose;
        if (_services.Metrics.BytesReceived.Enabled)
        {
            _services.Metrics.BytesReceived.Add(_headerBytes);
        }
        if (_bodyKind != BodyKind.None)
        {
            RequestBodyReader.Start(_bodyKind, contentLength, _options.MaxRequestBodySize ?? long.MaxValue, _options.MaxRequestHeadersTotalSize);
            _bodyBytes = 0;
            _bodyWaitTicks = 0;
        }
        else
        {
            _bodyReader?.Start(BodyKind.None, 0, 0, 0);
        }
    }

    private void ResetParser()
    {
        _inHeaders = false;
        _headerBytes = 0;
        _leadingEmptyLines = 0;
        _hostIndex = -1;
        _hostCount = 0;
        _contentTypeIndex = -1;
        _hasAuthorization = false;
        _hasContentLength = false;
        _hasTransferEncoding = false;
        _teLastIsChunked = false;
        _teChunkedCount = 0;
        _teHasOther = false;
        _connectionClose = false;
        _connectionKeepAlive = false;
        _expectContinue = false;
        _continueSent = false;
        _bodyKind = BodyKind.None;
    }

    /// <summary>Returns the previous string when the bytes repeat (the common keep-alive case), else decodes and remembers them.</summary>
    private static string CachedString(ReadOnlySpan<byte> value, ref byte[] cache, ref string? cached)
    {
        if (cached is not null && cache.AsSpan().StartsWith(value) && cached.Length == value.Length)
        {
            // Equal length means the cached text was ASCII, so a prefix match of that length is an exact match.
            return cached;
        }

        var text = HeaderText.GetValue(value);
        if (text.Length != value.Length)
        {
            // Non-ASCII text cannot be confirmed by the length check above, so it is not cached.
            cached = null;
            return text;
        }

        if (cache.Length < value.Length)
        {
            cache = new byte[Math.Max(value.Length, 32)];
        }

        value.CopyTo(cache);
        cached = text;
        return text;
    }
}
