using System.Buffers;
using System.Text;
using BackEnd.Http;

namespace BackEnd.Core.Tests.Server;

/// <summary>Keep-alive, pipelining, 100-continue, HEAD, bodies and response framing over real sockets.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public async Task KeepAlive_Http11_ServesSequentialRequestsOnOneConnection()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        var second = await client.ReadResponseAsync();

        Assert.Equal("/one", first!.BodyText);
        Assert.Equal("/two", second!.BodyText);
        Assert.False(second.HasConnectionClose);
    }

    [Fact]
    public async Task KeepAlive_ConnectionClose_ServerClosesAfterResponse()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.True(response.HasConnectionClose);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task KeepAlive_Http10Default_ServerCloses()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /old HTTP/1.0\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task KeepAlive_Http10WithKeepAlive_StaysOpen()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var first = await client.ReadResponseAsync();
        await client.SendAsync("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var second = await client.ReadResponseAsync();

        Assert.Equal("keep-alive", first!.Header("Connection"));
        Assert.Equal("/b", second!.BodyText);
    }

    [Fact]
    public async Task Pipelining_ManyRequestsInOneWrite_AnsweredInOrder()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        var request = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            request.Append(i % 2 == 0
                ? $"GET /r{i} HTTP/1.1\r\nHost: a\r\n\r\n"
                : $"POST /r{i} HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nx{i % 10}y");
        }

        var responses = await server.SendAllAsync(request.ToString());

        Assert.Equal(16, responses.Count);
        for (var i = 0; i < 16; i++)
        {
            Assert.StartsWith($"{(i % 2 == 0 ? "GET" : "POST")} /r{i} ", responses[i].BodyText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SingleByteWrites_RequestWithBody_Served()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        await using var client = await server.ConnectAsync();
        var request = Encoding.ASCII.GetBytes("POST /slow HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n");

        foreach (var b in request)
        {
            await client.SendAsync([b]);
        }

        var response = await client.ReadResponseAsync();
        Assert.Equal("POST /slow 5:abcde", response!.BodyText);
    }

    [Fact]
    public async Task ExpectContinue_AppReadsBody_Sends100ThenFinal()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        var interim = await client.ReadResponseAsync();
        await client.SendAsync("data");
        var final = await client.ReadResponseAsync();

        Assert.Equal(100, interim!.Status);
        Assert.Equal(200, final!.Status);
        Assert.Equal("POST /up 4:data", final.BodyText);
    }

    [Fact]
    public async Task ExpectContinue_AppIgnoresBody_FinalWithoutContinueAndClose()
    {
        await using var server = await TestServer.StartAsync(TestApps.IgnoreBody);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        var final = await client.ReadResponseAsync();

        Assert.Equal(200, final!.Status);
        Assert.True(final.HasConnectionClose);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Head_SameHeadersAsGet_NoBody()
    {
        await using var server = await TestServer.StartAsync(static context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("hello body"u8.ToArray());
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var head = await client.ReadResponseAsync(headRequest: true);
        var get = await client.ReadResponseAsync();

        Assert.Equal("10", head!.Header("Content-Length"));
        Assert.Equal(get!.Header("Content-Length"), head.Header("Content-Length"));
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.Equal("hello body", get.BodyText);
    }

    [Fact]
    public async Task ChunkedRequest_ExtensionsAndTrailers_BodyDecoded()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);

        var responses = await server.SendAllAsync(
            "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;name=value;q=\"quoted \\\" str\"\r\nWiki\r\n5;flag\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\nX-Trailer: yes\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal("POST /c 23:Wikipedia in\r\n\r\nchunks.", responses[0].BodyText);
        Assert.StartsWith("GET /after", responses[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BodyNotRead_DrainedAndConnectionReused()
    {
        await using var server = await TestServer.StartAsync(TestApps.IgnoreBody);

        var responses = await server.SendAllAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloPOST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(3, responses.Count);
        Assert.All(responses, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Response_SmallUnknownLength_SentWithContentLength()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await context.Response.Body.WriteAsync("part one, "u8.ToArray());
            await context.Response.Body.WriteAsync("part two"u8.ToArray());
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        Assert.Equal("18", response.Header("Content-Length"));
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal("part one, part two", response.BodyText);
    }

    [Fact]
    public async Task Response_LargeUnknownLength_Chunked()
    {
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)('a' + (i % 26))).ToArray();
        await using var server = await TestServer.StartAsync(async context =>
        {
            for (var offset = 0; offset < payload.Length; offset += 7000)
            {
                await context.Response.WriteAsync(payload.AsMemory(offset, Math.Min(7000, payload.Length - offset)));
            }
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        Assert.Equal("chunked", response.Header("Transfer-Encoding"));
        Assert.Null(response.Header("Content-Length"));
        Assert.Equal(payload, response.Body);
    }

    [Fact]
    public async Task Response_StartedThenFlushed_ChunkedStreaming()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await context.Response.StartAsync();
            await context.Response.WriteAsync("event 1\n"u8.ToArray());
            await context.Response.BodyWriter.FlushAsync();
            await context.Response.WriteAsync("event 2\n"u8.ToArray());
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        Assert.Equal("chunked", response.Header("Transfer-Encoding"));
        Assert.Equal("event 1\nevent 2\n", response.BodyText);
    }

    [Fact]
    public async Task Response_ChunkedWritesWithoutFlush_SentAsOneChunk()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await context.Response.StartAsync();
            await context.Response.WriteAsync("event 1\n"u8.ToArray());
            await context.Response.WriteAsync("event 2\n"u8.ToArray());
            await context.Response.BodyWriter.FlushAsync();
            context.Response.BodyWriter.Write("a"u8);
            context.Response.BodyWriter.Write("bc"u8);
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        using var received = new MemoryStream();
        await client.Stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(20));

        var text = Encoding.Latin1.GetString(received.ToArray());
        Assert.Contains("Transfer-Encoding: chunked\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n10\r\nevent 1\nevent 2\n\r\n3\r\nabc\r\n0\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_Http10LargeUnknownLength_CloseDelimited()
    {
        var payload = new byte[40_000];
        Array.Fill(payload, (byte)'z');
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync(payload));

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));

        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Null(response.Header("Content-Length"));
        Assert.True(response.HasConnectionClose);
        Assert.Equal(payload, response.Body);
    }

    [Fact]
    public async Task Response_NoContent_HasNoBodyOrLength()
    {
        await using var server = await TestServer.StartAsync(static context =>
        {
            context.Response.StatusCode = 204;
            return default;
        });

        var responses = await server.SendAllAsync("DELETE /x HTTP/1.1\r\nHost: a\r\n\r\nGET /y HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal(204, responses[0].Status);
        Assert.Null(responses[0].Header("Content-Length"));
    }

    [Fact]
    public async Task Response_HeaderValueWithNewline_Refused500()
    {
        await using var server = await TestServer.StartAsync(static context =>
        {
            context.Response.Headers["X-Split"] = "a\r\nSet-Cookie: evil=1";
            return default;
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        Assert.Equal(500, response.Status);
        Assert.Null(response.Header("Set-Cookie"));
    }

    [Fact]
    public async Task Response_ManyHeadersOneInvalid_500WithoutPartialHead()
    {
        await using var server = await TestServer.StartAsync(static context =>
        {
            for (var i = 0; i < 40; i++)
            {
                context.Response.Headers[$"X-Filler-{i}"] = new string('f', 60);
            }

            context.Response.Headers["X-Bad"] = "line\nbreak";
            return default;
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        Assert.Equal(500, response.Status);
        Assert.Null(response.Header("X-Filler-0"));
    }

    [Fact]
    public async Task Application_CancelsOwnOperation_500NotSilentClose()
    {
        await using var server = await TestServer.StartAsync(static _ => throw new OperationCanceledException());

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        Assert.Equal(500, response.Status);
    }

    [Fact]
    public async Task Application_Throws_500ProblemAndNoStackTrace()
    {
        await using var server = await TestServer.StartAsync(static _ => throw new InvalidOperationException("secret detail"));

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        Assert.Equal(500, response.Status);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.DoesNotContain("secret", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AbsoluteForm_HostHeaderDiffers_400()
    {
        // Serving the target's authority while Headers["Host"] says "other" would show middleware a different host than the server used.
        await using var server = await TestServer.StartAsync(static context =>
            context.Response.WriteAsync(Encoding.UTF8.GetBytes($"{context.Request.Host}|{context.Request.Path}|{context.Request.QueryString}")));

        var response = Assert.Single(await server.SendAllAsync("GET http://example.com:8080/p/q?x=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n"));

        Assert.Equal(400, response.Status);
        Assert.True(response.HasConnectionClose);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
    }

    [Fact]
    public async Task AbsoluteForm_MatchingHost_PathAndHostFromTarget()
    {
        await using var server = await TestServer.StartAsync(static context =>
            context.Response.WriteAsync(Encoding.UTF8.GetBytes($"{context.Request.Host}|{context.Request.Path}|{context.Request.QueryString}")));

        var response = Assert.Single(await server.SendAllAsync("GET http://example.com:8080/p/q?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nConnection: close\r\n\r\n"));

        Assert.Equal(200, response.Status);
        Assert.Equal("example.com:8080|/p/q|?x=1", response.BodyText);
    }

    [Theory]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/a/%2e%2e/%2E%2E/etc", "/etc")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("/x/..", "/")]
    public async Task Path_Decoded_DotSegmentsRemovedAndSlashKeptEncoded(string target, string path)
    {
        await using var server = await TestServer.StartAsync();

        var response = Assert.Single(await server.SendAllAsync($"GET {target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        Assert.Equal(path, response.BodyText);
    }

    [Fact]
    public async Task Request_HeadersAndQuery_Materialized()
    {
        await using var server = await TestServer.StartAsync(static context =>
        {
            var request = context.Request;
            var text = $"{request.Headers["X-One"]}|{request.Headers["x-multi"]}|{request.Query["q"]}|{request.Query["n"]}|{request.ContentType}|{request.Protocol}|{request.Scheme}|{request.Host}";
            return context.Response.WriteAsync(Encoding.UTF8.GetBytes(text));
        });

        var response = Assert.Single(await server.SendAllAsync(
            "GET /h?q=a+b&n=%C3%A9&q=c HTTP/1.1\r\nHost: h.test\r\nX-One:  1  \r\nX-Multi: a\r\nX-Multi: b\r\nContent-Type: text/x\r\nConnection: close\r\n\r\n"));

        Assert.Equal("1|a,b|a b,c|é|text/x|HTTP/1.1|http|h.test", response.BodyText);
    }

    [Fact]
    public async Task Request_HeaderLookups_SameAnswersBeforeAndAfterAllFieldsAreStrings()
    {
        // The first lookups read the received bytes; later ones, enumeration and writes use the materialized fields.
        await using var server = await TestServer.StartAsync(static context =>
        {
            var headers = context.Request.Headers;
            var answers = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                answers.Add($"{headers["x-multi"]}/{headers["X-ONE"]}/{headers.ContainsKey("X-Missing")}/{headers["Content-Length"]}/{headers["X-Mult"].Count}");
            }

            headers["X-Added"] = "set";
            var fields = string.Join(';', headers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            var text = $"{answers.Distinct().Count()}|{answers[0]}|{headers["x-added"]}|{fields}";
            return context.Response.WriteAsync(Encoding.UTF8.GetBytes(text));
        });

        var responses = await server.SendAllAsync(
            "POST /h HTTP/1.1\r\nHost: h.test\r\nX-Multi: a\r\nX-One: \u00e9\r\nx-multi: b\r\nContent-Length: 2\r\n\r\nok" +
            "GET /h HTTP/1.1\r\nHost: h.test\r\nX-Multi: c\r\nConnection: close\r\n\r\n");

        Assert.Equal(
            [
                "1|a,b/é/False/2/0|set|Content-Length=2;Host=h.test;X-Added=set;X-Multi=a,b;X-One=é",
                "1|c//False//0|set|Connection=close;Host=h.test;X-Added=set;X-Multi=c",
            ],
            responses.Select(r => r.BodyText));
    }

    [Fact]
    public async Task Request_CachedStrings_ChangeWhenBytesChange()
    {
        await using var server = await TestServer.StartAsync(static context =>
            context.Response.WriteAsync(Encoding.UTF8.GetBytes($"{context.Request.Host}|{context.Request.Path}|{context.Request.ContentType}")));

        var responses = await server.SendAllAsync(
            "GET /same HTTP/1.1\r\nHost: one\r\nContent-Type: a/b\r\n\r\n" +
            "GET /same HTTP/1.1\r\nHost: one\r\nContent-Type: a/b\r\n\r\n" +
            "GET /sam HTTP/1.1\r\nHost: on\r\nContent-Type: a/c\r\n\r\n" +
            "GET /same HTTP/1.1\r\nHost: \u00e9t\u00e9\r\n\r\n");

        Assert.Equal(["one|/same|a/b", "one|/same|a/b", "on|/sam|a/c"], responses.Take(3).Select(r => r.BodyText));
        Assert.Equal(400, responses[3].Status);
    }

    [Fact]
    public async Task NoApplication_Default404Problem()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        BackEnd.Hosting.BackEndServiceCollectionExtensions.AddBackEnd(services, o => o.Urls = "http://127.0.0.1:0");
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var server = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BackEnd.Server.Internal.BackEndServer>(provider);
        await server.StartAsync(CancellationToken.None);
        var port = new Uri(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BackEnd.Server.IServerAddresses>(provider).Addresses[0]).Port;
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/anything"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await server.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task HttpClient_GetAndPost_Interoperate()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };

        var get = await http.GetStringAsync(new Uri("/g", UriKind.Relative));
        using var content = new StringContent("posted");
        var post = await (await http.PostAsync(new Uri("/p", UriKind.Relative), content)).Content.ReadAsStringAsync();

        Assert.Equal("GET /g 0:", get);
        Assert.Equal("POST /p 6:posted", post);
    }

    [Fact]
    public async Task RequestContext_ReusedObjects_StateResetBetweenRequests()
    {
        var seen = new List<string>();
        await using var server = await TestServer.StartAsync(context =>
        {
            seen.Add($"{context.Items.Count}:{context.Response.StatusCode}:{context.Response.Headers.Count}");
            context.Items["k"] = 1;
            context.Response.Headers["X-Once"] = "1";
            context.Response.StatusCode = 202;
            return default;
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal(["0:200:0", "0:200:0"], seen);
    }

    [Fact]
    public async Task RequestBodyStream_ReadAsync_ReadsWholeBody()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync();
            await context.Response.WriteAsync(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
        });

        var response = Assert.Single(await server.SendAllAsync("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world"));

        Assert.Equal("HELLO WORLD", response.BodyText);
    }

    [Fact]
    public async Task OnStartingAndOnCompleted_Callbacks_Run()
    {
        var completed = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.OnStarting(state => { ((HttpResponse)state).Headers["X-Started"] = "yes"; return Task.CompletedTask; }, context.Response);
            context.Response.OnCompleted(_ => { completed.TrySetResult(); return Task.CompletedTask; }, context);
            return context.Response.WriteAsync("ok"u8.ToArray());
        });

        var response = Assert.Single(await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("yes", response.Header("X-Started"));
    }
}
