namespace BackEnd.Core.Tests.Server;

/// <summary>One test per framing and smuggling rule of issue 3, over real sockets; every bad input is answered and the connection closed.</summary>
public sealed class RequestFramingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestApps.ReadBody, o => o.MaxRequestBodySize = 1000);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Parse_MissingHost_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_RepeatedHost_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_InvalidHostValue_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_WhitespaceBeforeColon_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_ObsFold_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_SpaceBeforeFirstHeader_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_HeaderWithoutColon_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("X@Y: 1")]
    [InlineData("X Y: 1")]
    [InlineData("X\"Y: 1")]
    [InlineData(": empty-name")]
    [InlineData("Ä: non-ascii")]
    public async Task Parse_NonTokenHeaderName_400(string header)
    {
        await AssertRejected($"GET / HTTP/1.1\r\nHost: a\r\n{header}\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("X: a\0b")]
    [InlineData("X: a\rb")]
    [InlineData("X: a\u0001b")]
    [InlineData("X: a\u007fb")]
    [InlineData("X: a\u001bb")]
    public async Task Parse_ControlCharacterInValue_400(string header)
    {
        await AssertRejected($"GET / HTTP/1.1\r\nHost: a\r\n{header}\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_BareLfLineEnding_400()
    {
        await AssertRejected("GET / HTTP/1.1\nHost: a\n\n", 400);
    }

    [Fact]
    public async Task Parse_BareLfBetweenHeaders_400()
    {
        await AssertRejected("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_BareCrInRequestLine_400()
    {
        await AssertRejected("GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_NulInTarget_400()
    {
        await AssertRejected("GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("+5")]
    [InlineData("-1")]
    [InlineData("5a")]
    [InlineData("0x10")]
    [InlineData("1 2")]
    [InlineData("1,1")]
    [InlineData("")]
    [InlineData("1.0")]
    public async Task Parse_ContentLengthNotDigits_400(string value)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: {value}\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_ContentLengthRepeatedDifferent_400()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400);
    }

    [Fact]
    public async Task Parse_ContentLengthRepeatedSame_400()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab", 400);
    }

    [Fact]
    public async Task Parse_ContentLengthOverflow_400()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_ContentLengthWithTransferEncoding_400AndClose()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("chunked, gzip")]
    [InlineData("identity")]
    public async Task Parse_TransferEncodingLastNotChunked_400(string value)
    {
        // RFC 9112 6.3: the body's length cannot be determined, so the request is malformed (not merely unsupported).
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {value}\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_TransferEncodingUnsupportedBeforeChunked_501()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501);
    }

    [Theory]
    [InlineData("chunkedchunked")]
    [InlineData("xchunked")]
    [InlineData("chunked\u00a0")]
    [InlineData("pigeons")]
    public async Task Parse_TransferEncodingUnknownCoding_400(string value)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {value}\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("Content_Length: 5")]
    [InlineData("Transfer_Encoding: chunked")]
    [InlineData("Transfer---Encoding: chunked")]
    public async Task Parse_LookalikeFramingHeader_400(string header)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\n{header}\r\n\r\nhello", 400);
    }

    [Fact]
    public async Task Parse_TransferEncodingChunkedTwice_400()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_TransferEncodingEmpty_400()
    {
        await AssertRejected("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_TransferEncodingInHttp10_400()
    {
        await AssertRejected("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("zz\r\nab\r\n0\r\n\r\n")]
    [InlineData("\r\nab\r\n0\r\n\r\n")]
    [InlineData("2 \r\nab\r\n0\r\n\r\n")]
    [InlineData("-2\r\nab\r\n0\r\n\r\n")]
    [InlineData("fffffffffffffffffff\r\nab\r\n0\r\n\r\n")]
    public async Task Parse_InvalidChunkSize_400(string body)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}", 400);
    }

    [Theory]
    [InlineData("2;\r\nab\r\n0\r\n\r\n")]
    [InlineData("2;a=\"x\r\nab\r\n0\r\n\r\n")]
    [InlineData("2 ;a\r\nab\r\n0\r\n\r\n")]
    [InlineData("2;a b\r\nab\r\n0\r\n\r\n")]
    public async Task Parse_InvalidChunkExtension_400(string body)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}", 400);
    }

    [Theory]
    [InlineData("2\r\nabc\r\n0\r\n\r\n")]
    [InlineData("2\r\nab0\r\n\r\n")]
    [InlineData("2\r\nab\n0\r\n\r\n")]
    public async Task Parse_ChunkDataLengthMismatch_400(string body)
    {
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}", 400);
    }

    [Theory]
    [InlineData("GET  / HTTP/1.1")]
    [InlineData("GET /  HTTP/1.1")]
    [InlineData("GET / HTTP/1.1 ")]
    [InlineData(" GET / HTTP/1.1")]
    [InlineData("GET / HTTP/1.1 extra")]
    [InlineData("GET /")]
    [InlineData("GET / http/1.1")]
    [InlineData("GET\t/ HTTP/1.1")]
    public async Task Parse_MalformedRequestLine_400(string requestLine)
    {
        await AssertRejected($"{requestLine}\r\nHost: a\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("HTTP/2.0")]
    [InlineData("HTTP/1.2")]
    [InlineData("HTTP/0.9")]
    [InlineData("HTTP/3.0")]
    public async Task Parse_UnsupportedVersion_505(string version)
    {
        await AssertRejected($"GET / {version}\r\nHost: a\r\n\r\n", 505);
    }

    [Fact]
    public async Task Parse_Connect_501()
    {
        await AssertRejected("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 501);
    }

    [Theory]
    [InlineData("FOO")]
    [InlineData("get")]
    [InlineData("MKCOLA")]
    [InlineData("PURGE")]
    public async Task Parse_ExtensionMethod_ReachesTheApplication(string method)
    {
        var responses = await _server.SendAllAsync($"{method} /m HTTP/1.1\r\nHost: a\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(200, response.Status);
        Assert.Equal($"{method} /m 0:", response.BodyText);
    }

    [Fact]
    public async Task Parse_UriTooLong_414()
    {
        await AssertRejected($"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: a\r\n\r\n", 414);
    }

    [Fact]
    public async Task Parse_HeaderSectionTooLarge_431()
    {
        await AssertRejected($"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('b', 33 * 1024)}\r\n\r\n", 431);
    }

    [Fact]
    public async Task Parse_TooManyHeaders_431()
    {
        var headers = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: v\r\n"));
        await AssertRejected($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n", 431);
    }

    [Fact]
    public async Task Parse_ContentLengthOverLimit_413BeforeReading()
    {
        // The body is never sent: the server must answer from the headers alone.
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");

        var response = await client.ReadResponseAsync();

        Assert.Equal(413, response!.Status);
        Assert.True(response.HasConnectionClose);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Parse_ChunkedBodyOverLimit_413()
    {
        var chunk = new string('x', 600);
        await AssertRejected($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n", 413);
    }

    [Fact]
    public async Task Parse_InvalidPercentEncoding_400()
    {
        await AssertRejected("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_TargetNotOriginForm_400()
    {
        await AssertRejected("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_AsteriskFormWithGet_400()
    {
        await AssertRejected("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_AbsoluteFormWithoutHost_400()
    {
        await AssertRejected("GET http://example.com/ HTTP/1.1\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_AbsoluteFormHostMismatch_400AndClosed()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("GET http://a.example/x HTTP/1.1\r\nHost: b.example\r\n\r\n");

        var response = await client.ReadResponseAsync();

        Assert.Equal(400, response!.Status);
        Assert.True(response.HasConnectionClose);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.True(await client.IsClosedAsync());
    }

    [Theory]
    [InlineData("http://a.example/x", "a.example:8080")]
    [InlineData("http://a.example:8080/x", "a.example")]
    [InlineData("http://a.example:8080/x", "a.example:8081")]
    [InlineData("https://a.example/x", "a.example:80")]
    [InlineData("http://[::1]/x", "[::2]")]
    public async Task Parse_AbsoluteFormHostPortMismatch_400(string target, string host)
    {
        await AssertRejected($"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n", 400);
    }

    [Theory]
    [InlineData("http://A.Example/x", "a.EXAMPLE")]
    [InlineData("http://a.example/x", "a.example:80")]
    [InlineData("http://a.example:80/x", "a.example")]
    [InlineData("HTTPS://a.example/x", "A.example:443")]
    [InlineData("http://a.example:/x", "a.example")]
    [InlineData("http://[::1]:80/x", "[::1]")]
    public async Task Parse_AbsoluteFormMatchingHost_Accepted(string target, string host)
    {
        var responses = await _server.SendAllAsync($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, Assert.Single(responses).Status);
    }

    [Fact]
    public async Task Parse_AbsoluteFormHttp10WithoutHost_Accepted()
    {
        var responses = await _server.SendAllAsync("GET http://a.example/x HTTP/1.0\r\n\r\n");

        Assert.Equal(200, Assert.Single(responses).Status);
    }

    [Theory]
    [InlineData("GET http://user@example.com/ HTTP/1.1")]
    [InlineData("GET http:///path HTTP/1.1")]
    [InlineData("GET ftp://example.com/ HTTP/1.1")]
    public async Task Parse_InvalidAbsoluteForm_400(string requestLine)
    {
        await AssertRejected($"{requestLine}\r\nHost: a\r\n\r\n", 400);
    }

    [Fact]
    public async Task Parse_AsteriskFormWithOptions_Accepted()
    {
        var responses = await _server.SendAllAsync("OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, Assert.Single(responses).Status);
    }

    [Fact]
    public async Task Parse_SmuggledRequestAfterFramingError_NeverParsed()
    {
        var responses = await _server.SendAllAsync(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(400, response.Status);
        Assert.DoesNotContain("smuggled", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_ErrorResponse_IsProblemJson()
    {
        var responses = await _server.SendAllAsync("GET / HTTP/1.1\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.Contains("\"status\":400", response.BodyText, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Bad Request\"", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_Http10WithoutHost_Accepted()
    {
        var responses = await _server.SendAllAsync("GET /ten HTTP/1.0\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(200, response.Status);
        Assert.Equal("GET /ten 0:", response.BodyText);
    }

    [Fact]
    public async Task Parse_LeadingEmptyLine_Ignored()
    {
        var responses = await _server.SendAllAsync("\r\nGET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, Assert.Single(responses).Status);
    }

    private async Task AssertRejected(string request, int status)
    {
        var responses = await _server.SendAllAsync(request);

        var response = Assert.Single(responses);
        Assert.Equal(status, response.Status);
        Assert.True(response.HasConnectionClose, "A rejected request must close the connection.");
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
    }
}
