using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using BackEnd.Http;

namespace BackEnd.Core.Tests.Server;

/// <summary>Regressions found by the adversarial review of the server: each test failed before its fix.</summary>
public sealed class ReviewFindingsTests
{
    private const string ChunkedTwoChunks =
        "POST /buffer HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";

    [Fact]
    public async Task ChunkedBody_ReaderExaminesWithoutConsuming_GetsWholeBody()
    {
        await using var server = await TestServer.StartAsync(BufferWholeBody);

        var responses = await server.SendAllAsync(ChunkedTwoChunks + "GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal(200, responses[0].Status);
        Assert.Equal("abcde", responses[0].BodyText);
        Assert.Equal("", responses[1].BodyText);
    }

    [Fact]
    public async Task ChunkedBody_ReaderExaminesWithoutConsuming_OneByteSegments_GetsWholeBody()
    {
        var services = InMemoryConnection.CreateServices(BufferWholeBody);
        var connection = new InMemoryConnection(services, minimumSegmentSize: 1);
        var request = Encoding.ASCII.GetBytes(ChunkedTwoChunks.Replace("POST /buffer HTTP/1.1\r\n", "POST /buffer HTTP/1.1\r\nConnection: close\r\n", StringComparison.Ordinal));

        foreach (var b in request)
        {
            connection.Append([b]);
            await connection.FlushAsync();
        }

        var output = Encoding.ASCII.GetString(await connection.FinishAsync());
        Assert.StartsWith("HTTP/1.1 200 OK", output, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nabcde", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBody_ReaderConsumesPartOfCarriedData_RestDeliveredInOrder()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            // Takes one byte per read and asks for more each time, so data carried across chunks is consumed piecemeal.
            var reader = context.Request.BodyReader;
            var body = new ArrayBufferWriter<byte>();
            for (var reads = 0; reads < 1000; reads++)
            {
                var result = await reader.ReadAsync();
                if (result.Buffer.IsEmpty && result.IsCompleted)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    await context.Response.WriteAsync(body.WrittenMemory);
                    return;
                }

                if (result.Buffer.IsEmpty)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    continue;
                }

                body.Write(result.Buffer.Slice(0, 1).ToArray());
                reader.AdvanceTo(result.Buffer.GetPosition(1), result.Buffer.End);
            }

            context.Response.StatusCode = 508;
        });

        var responses = await server.SendAllAsync(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n4\r\nfghi\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal("abcdefghi", responses[0].BodyText);
    }

    [Fact]
    public async Task Handler_ThrowsIOExceptionBeforeResponse_500()
    {
        await using var server = await TestServer.StartAsync(static _ => throw new FileNotFoundException("The file 'missing.txt' was not found."));

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal(500, response.Status);
        Assert.True(response.HasConnectionClose);
    }

    [Fact]
    public async Task ExpectContinue_Http10_No1xxSent()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("POST /up HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.Equal("POST /up 4:data", response.BodyText);
    }

    [Fact]
    public async Task AsteriskForm_GetAfterOptionsOnSameConnection_400()
    {
        await using var server = await TestServer.StartAsync();

        var responses = await server.SendAllAsync("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\nGET * HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal(200, responses[0].Status);
        Assert.Equal(400, responses[1].Status);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 414)]
    public async Task RequestLine_AtLimitOrOneOver_AcceptedOrRejected(int over, int status)
    {
        var target = "/" + new string('a', 64 - "GET / HTTP/1.1\r\n".Length + over);
        var request = $"GET {target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

        var output = await SendInMemoryAsync(request, o => o.MaxRequestLineSize = 64, splitBefore: "\nHost");

        Assert.StartsWith($"HTTP/1.1 {status} ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 431)]
    public async Task HeaderSection_AtLimitOrOneOver_AcceptedOrRejected(int over, int status)
    {
        // Host (9) + Connection (19) + X (36 + over) = 64 + over bytes of header lines; the final CRLF is not counted.
        var request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX: " + new string('x', 31 + over) + "\r\n\r\n";

        var output = await SendInMemoryAsync(request, o => o.MaxRequestHeadersTotalSize = 64, splitBefore: "\n\r\n");

        Assert.StartsWith($"HTTP/1.1 {status} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderSection_AtLimit_FinalCrlfArrivesSplit_Accepted()
    {
        var request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX: " + new string('x', 31) + "\r\n\r\n";

        var output = await SendInMemoryAsync(request, o => o.MaxRequestHeadersTotalSize = 64, splitBefore: "\n", fromEnd: true);

        Assert.StartsWith("HTTP/1.1 200 ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(199)]
    public async Task Response_InformationalStatusAsFinal_500AndClose(int status)
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("x"u8.ToArray());
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");

        // A 1xx is interim to every client: sent as the final answer, the client would take the next response as this one's.
        var response = Assert.Single(responses);
        Assert.Equal(500, response.Status);
        Assert.True(response.HasConnectionClose);
    }

    [Theory]
    [InlineData("Content-Length: 5\r\n\r\nhello")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")]
    public async Task Body_ReadWithoutAdvance_BodyDrainedAndNextRequestServed(string framing)
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            if (context.Request.Method == "POST")
            {
                // Reads and returns without AdvanceTo: the server must still find the end of the body.
                _ = await context.Request.BodyReader.ReadAsync();
            }

            await context.Response.WriteAsync(Encoding.ASCII.GetBytes(context.Request.Path));
        });

        var responses = await server.SendAllAsync("POST /first HTTP/1.1\r\nHost: a\r\n" + framing + "GET /second HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(2, responses.Count);
        Assert.Equal("/first", responses[0].BodyText);
        Assert.Equal("/second", responses[1].BodyText);
    }

    [Fact]
    public async Task Body_SecondReadWithoutAdvance_RefusedNotFramingAsData()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            _ = await context.Request.BodyReader.ReadAsync();
            var second = await context.Request.BodyReader.ReadAsync();
            await context.Response.WriteAsync(second.Buffer.ToArray());
        });

        var responses = await server.SendAllAsync("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        Assert.Equal(500, Assert.Single(responses).Status);
    }

    [Fact]
    public async Task Connections_ManyOpenedAndDropped_AllReleased()
    {
        await using var server = await TestServer.StartAsync(TestApps.ReadBody);
        long active = 0;
        var instrument = server.ServerServices.Metrics.ActiveConnections;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (published, l) =>
        {
            if (ReferenceEquals(published, instrument))
            {
                l.EnableMeasurementEvents(published);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref active, value));
        listener.Start();

        for (var i = 0; i < 150; i++)
        {
            var client = await server.ConnectAsync();
            switch (i % 5)
            {
                case 0: await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-Partial: "); break;
                case 1: await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nhalf"); break;
                case 2: await client.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"); break;
                case 3: await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n"); break;
            }

            if (i % 2 == 0)
            {
                client.Reset();
            }
            else
            {
                await client.DisposeAsync();
            }
        }

        for (var wait = 0; wait < 400 && (!server.ServerServices.Connections.IsEmpty || Interlocked.Read(ref active) != 0); wait++)
        {
            await Task.Delay(50);
        }

        Assert.True(server.ServerServices.Connections.IsEmpty);
        Assert.Equal(0, Interlocked.Read(ref active));
    }

    [Fact]
    public async Task Handler_ThrowsAfterCloseDelimitedBodyFlushed_ClientSeesResetNotEndOfStream()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await context.Response.WriteAsync(new byte[20_000]);
            await context.Response.Body.FlushAsync();
            throw new InvalidOperationException("The application failed halfway.");
        });
        await using var client = await server.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await client.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var buffer = new byte[64 * 1024];
        var reset = false;
        try
        {
            while (await client.Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            reset = true;
        }

        // An HTTP/1.0 body without Content-Length ends at close: a clean close would make the truncated body look whole.
        Assert.True(reset, "The connection ended with a clean close after a truncated close-delimited body.");
    }

    [Fact]
    public void Options_TlsHandshakeTimeoutBeyondTimerRange_FailsValidation()
    {
        var options = new BackEnd.Server.BackEndServerOptions { TlsHandshakeTimeout = TimeSpan.FromDays(60) };

        var result = new BackEnd.Server.Internal.BackEndServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("TlsHandshakeTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Response_ContentLengthSetAfterFirstWrite_BufferedBytesKept(bool flushBeforeSecondWrite)
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            await context.Response.WriteAsync("hello"u8.ToArray());
            context.Response.ContentLength = 10;
            if (flushBeforeSecondWrite)
            {
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("world"u8.ToArray());
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        var response = Assert.Single(responses);
        Assert.Equal("10", response.Header("Content-Length"));
        Assert.Equal("helloworld", response.BodyText);
    }

    [Fact]
    public async Task OnCompleted_RunsAfterResponseReachedClient()
    {
        var responseRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callbackSawResponseRead = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.OnCompleted(
                static async state =>
                {
                    var (read, saw) = ((TaskCompletionSource, TaskCompletionSource<bool>))state;
                    var completed = await Task.WhenAny(read.Task, Task.Delay(TimeSpan.FromSeconds(5))) == read.Task;
                    saw.SetResult(completed);
                },
                (responseRead, callbackSawResponseRead));
            return context.Response.WriteAsync("done"u8.ToArray());
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();
        responseRead.SetResult();

        Assert.Equal("done", response!.BodyText);
        Assert.True(await callbackSawResponseRead.Task, "OnCompleted ran (and held the response back) before the client had the response.");
    }

    private static async Task<string> SendInMemoryAsync(string request, Action<BackEnd.Server.BackEndServerOptions> configure, string splitBefore, bool fromEnd = false)
    {
        var services = InMemoryConnection.CreateServices(TestServer.EchoPath, configure);
        var connection = new InMemoryConnection(services);
        var bytes = Encoding.ASCII.GetBytes(request);
        var split = fromEnd ? request.LastIndexOf(splitBefore, StringComparison.Ordinal) : request.IndexOf(splitBefore, StringComparison.Ordinal);

        await connection.WriteAsync(bytes.AsMemory(0, split));
        await connection.WriteAsync(bytes.AsMemory(split));
        return Encoding.ASCII.GetString(await connection.FinishAsync());
    }

    /// <summary>The documented way to buffer a whole body: consume nothing, examine everything, until the reader completes.</summary>
    private static async ValueTask BufferWholeBody(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        for (var reads = 0; reads < 1000; reads++)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                await context.Response.WriteAsync(body);
                return;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        // Far more reads than the body has bytes: the reader kept handing back the same data.
        context.Response.StatusCode = 508;
    }
}
