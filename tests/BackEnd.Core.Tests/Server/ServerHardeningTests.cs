using System.Text;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// Strict framing, status and header rules of issue 8 section 1 and issue 19, over real sockets, each with a handler that
/// reads the body as a stream, through a pipe reader, and through JSON binding.
/// </summary>
public sealed class ServerHardeningTests : IAsyncLifetime
{
    private static readonly string[] s_modes = ["stream", "pipe", "json"];

    private TestServer _server = null!;

    public static TheoryData<string, int> RefusedHeads => new()
    {
        { "Transfer-Encoding: gzip\r\n", 400 },
        { "Transfer-Encoding: chunked, identity\r\n", 400 },
        { "Content-Length: 007\r\n", 400 },
        { "Content-Length: +7\r\n", 400 },
        { "Content-Length: -7\r\n", 400 },
        { "Content-Length: \t7\r\n", 400 },
        { "Content-Length: 7\t\r\n", 400 },
        { "Content-Length: 7\r\nContent-Type: text/plain\r\n", 400 }, // a second Content-Type next to application/json
        { "Authorization: a\r\nAuthorization: b\r\nContent-Length: 7\r\n", 400 },
        { "Expect: 200-ok\r\nContent-Length: 7\r\n", 417 },
    };

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(backEnd => backEnd.Configure(ConfigureApp));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(RefusedHeads))]
    public async Task Parse_AmbiguousFraming_RefusedAndClosed(string fields, int status)
    {
        foreach (var mode in s_modes)
        {
            var response = await SendOneAsync($"POST /read/{mode} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{fields}\r\n{{\"a\":1}}");

            Assert.Equal(status, response.Status);
            Assert.True(response.HasConnectionClose, $"{mode}: {response.Head}");
            Assert.Contains("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Parse_EmptyHostOnOriginForm_400()
    {
        foreach (var mode in s_modes)
        {
            var response = await SendOneAsync($"POST /read/{mode} HTTP/1.1\r\nHost: \r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{{\"a\":1}}");

            Assert.Equal(400, response.Status);
            Assert.True(response.HasConnectionClose);
        }
    }

    [Fact]
    public async Task Parse_OverlongMethod_400()
    {
        var response = await SendOneAsync($"{new string('A', 100)} /read/stream HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(400, response.Status);
        Assert.True(response.HasConnectionClose);
    }

    [Fact]
    public async Task Parse_ValidBodyInEveryMode_Read()
    {
        foreach (var mode in s_modes)
        {
            var response = await SendOneAsync($"POST /read/{mode} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{{\"a\":1}}");

            Assert.Equal(200, response.Status);
            Assert.Equal(mode == "json" ? "json 1" : "read 7", response.BodyText);
        }
    }

    [Fact]
    public async Task Parse_ExtensionMethod_RoutedToItsHandler()
    {
        var routed = await SendOneAsync("PURGE /cache HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var unrouted = await SendOneAsync("PURGE /read/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var connect = await SendOneAsync("CONNECT /cache HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(200, routed.Status);
        Assert.Equal("purged", routed.BodyText);
        Assert.InRange(unrouted.Status, 404, 405);
        Assert.Equal(501, connect.Status);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(103)]
    [InlineData(101)]
    [InlineData(600)]
    public async Task StatusCode_NotAFinalStatus_RefusedWhenSet(int status)
    {
        var response = await SendOneAsync($"GET /status/{status} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("refused:", response.BodyText, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_NonAsciiValue_RefusedWhenSetNamingTheHeader()
    {
        var response = await SendOneAsync("GET /header HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Contains("X-Name", response.BodyText, StringComparison.Ordinal);
        Assert.Contains("ASCII", response.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Response_Bodyless_NoContentLengthAndBodyDropped(int status)
    {
        await using var client = await _server.ConnectAsync();

        await client.SendAsync($"GET /bodyless/{status} HTTP/1.1\r\nHost: x\r\n\r\nGET /cache HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var first = await client.ReadResponseAsync();
        var second = await client.ReadResponseAsync();

        Assert.Equal(status, first!.Status);
        Assert.Null(first.Header("Content-Length"));
        Assert.Null(first.Header("Transfer-Encoding"));
        Assert.Equal(200, second!.Status);
        Assert.Equal("cache", second.BodyText);
    }

    [Fact]
    public async Task ReadBody_FailureWrappedByUserMiddleware_StillRefused()
    {
        foreach (var path in new[] { "/wrapped/inner", "/wrapped/replaced" })
        {
            await using var client = await _server.ConnectAsync();
            await client.SendAsync($"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n");

            var response = await client.ReadResponseAsync();

            Assert.Equal(400, response!.Status);
            Assert.True(response.HasConnectionClose, path);
            Assert.True(await client.IsClosedAsync(), path);
        }
    }

    [Fact]
    public async Task SynchronousIO_Default_RefusedNamingTheOption()
    {
        var write = await SendOneAsync("GET /sync/write HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var read = await SendOneAsync("POST /sync/read HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

        Assert.Contains("AllowSynchronousIO", write.BodyText, StringComparison.Ordinal);
        Assert.Contains("AllowSynchronousIO", read.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronousIO_Allowed_ReadsAndWrites()
    {
        await using var server = await TestServer.StartAsync(backEnd => backEnd.Configure(ConfigureApp), o => o.AllowSynchronousIO = true);
        var read = await server.SendAllAsync("POST /sync/read HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

        Assert.Equal("read abc", Assert.Single(read).BodyText);
    }

    [Fact]
    public async Task SynchronousWrite_ClientNotReading_WriterBlocksInsteadOfBuffering()
    {
        const int total = 64 * 1024 * 1024;
        var progress = new SyncWriteProgress();
        await using var server = await TestServer.StartAsync(
            backEnd => backEnd.Configure(app => app.MapGet("/big", (HttpContext context) => WriteBigSynchronously(context, total, progress))),
            o => o.AllowSynchronousIO = true);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        long previous = -1;
        for (var i = 0; i < 100 && Interlocked.Read(ref progress.Written) != previous; i++)
        {
            // Waits until the writer stops making progress: it is blocked on the client, or it has written everything.
            previous = Interlocked.Read(ref progress.Written);
            await Task.Delay(200);
        }

        var writtenWhileNotReading = Interlocked.Read(ref progress.Written);
        var finishedWhileNotReading = progress.Finished.Task.IsCompleted;
        var response = await client.ReadResponseAsync();

        Assert.False(finishedWhileNotReading, "The handler wrote the whole body into memory while the client read nothing.");
        Assert.InRange(writtenWhileNotReading, 1, total / 2);
        Assert.Equal(total, response!.Body.Length);
        await progress.Finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RequestAborted_ClientClosesWhileHandlerWaits_Cancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(backEnd => backEnd.Configure(app => app.MapGet("/wait", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }

            return "done";
        })));
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        await Task.Delay(100);
        client.ShutdownSend();

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    // A handler that never yields its thread (a synchronous database driver) used to leave the input unwatched, so a
    // hang-up went unnoticed until it returned; the heartbeat now watches for it meanwhile (requests without a body:
    // a body may be read on the application's thread from the same input).
    [Theory]
    [InlineData("GET /block HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("DELETE /block HTTP/1.1\r\nHost: x\r\n\r\n")]
    public async Task RequestAborted_ClientClosesWhileHandlerBlocksSynchronously_Cancelled(string request)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(backEnd => backEnd.Configure(app => app.Map("/block", (HttpContext context) =>
        {
            if (context.Request.ContentLength is > 0)
            {
                // The body is read first, so the input is free to watch only once it has ended.
                var body = new byte[16];
                var read = 0;
                while (context.Request.Body.ReadAsync(body.AsMemory(read)).AsTask().GetAwaiter().GetResult() is > 0 and var n)
                {
                    read += n;
                }
            }

            var token = context.RequestAborted;
            started.TrySetResult();
            cancelled.TrySetResult(token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
            return "done";
        })));
        await using var client = await server.ConnectAsync();

        await client.SendAsync(request);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        client.ShutdownSend();

        Assert.True(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task RequestAborted_ClientClosesDuringStreamingResponse_Cancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(backEnd => backEnd.Configure(app => app.MapGet("/stream", async (HttpContext context) =>
        {
            try
            {
                for (var i = 0; i < 10_000 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.WriteAsync("tick\n"u8.ToArray(), context.RequestAborted);
                    await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                    await Task.Delay(20, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                cancelled.TrySetResult();
            }
        })));
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = new byte[1];
        await client.Stream.ReadExactlyAsync(head);
        client.ShutdownSend();

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task UnreadBody_ResponseSentBeforeTheBodyArrives_ThenConnectionReused()
    {
        await using var client = await _server.ConnectAsync();

        await client.SendAsync("POST /unread HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n0123456789");
        var first = await client.ReadResponseAsync();
        await client.SendAsync(new byte[100_000 - 10]);
        await client.SendAsync("GET /cache HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var second = await client.ReadResponseAsync();

        Assert.Equal("unread", first!.BodyText);
        Assert.Equal("cache", second!.BodyText);
    }

    private static void ConfigureApp(IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWith("/wrapped/", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception ex) when (context.Request.Path.EndsWith("/inner", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Wrapped by user middleware.", ex);
            }
            catch (Exception)
            {
                throw new InvalidOperationException("Replaced by user middleware.");
            }
        });
        app.MapPost("/read/json", (Sample sample) => $"json {sample.A}");
        app.MapPost("/read/{mode}", ReadAsync);
        app.MapPost("/wrapped/{kind}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            return "read";
        });
        app.MapMethods("/cache", ["PURGE"], () => "purged");
        app.MapGet("/cache", () => "cache");
        app.MapPost("/unread", () => "unread");
        app.MapGet("/status/{status:int}", (HttpContext context, int status) =>
        {
            try
            {
                context.Response.StatusCode = status;
                return "accepted";
            }
            catch (ArgumentOutOfRangeException ex)
            {
                return "refused: " + ex.Message;
            }
        });
        app.MapGet("/header", (HttpContext context) =>
        {
            try
            {
                context.Response.Headers["X-Name"] = "Zoë";
                return "accepted";
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
        });
        app.MapGet("/bodyless/{status:int}", async (HttpContext context, int status) =>
        {
            context.Response.StatusCode = status;
            if (status == 304)
            {
                context.Response.ContentLength = 5;
            }

            await context.Response.WriteAsync("hello"u8.ToArray());
        });
        app.MapGet("/sync/write", (HttpContext context) =>
        {
            try
            {
                context.Response.Body.Write("x"u8);
                return "written";
            }
            catch (InvalidOperationException ex)
            {
                return ex.Message;
            }
        });
        app.MapPost("/sync/read", (HttpContext context) =>
        {
            try
            {
                var buffer = new byte[16];
                var read = context.Request.Body.Read(buffer, 0, buffer.Length);
                return "read " + Encoding.ASCII.GetString(buffer, 0, read);
            }
            catch (InvalidOperationException ex)
            {
                return ex.Message;
            }
        });
    }

    private static async Task<string> ReadAsync(HttpContext context, string mode)
    {
        long length = 0;
        if (mode == "stream")
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            length = copy.Length;
        }
        else
        {
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync();
                length += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }

        return "read " + length.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void WriteBigSynchronously(HttpContext context, int total, SyncWriteProgress progress)
    {
        context.Response.ContentLength = total;
        var block = new byte[64 * 1024];
        for (var written = 0; written < total; written += block.Length)
        {
            context.Response.Body.Write(block);
            Interlocked.Add(ref progress.Written, block.Length);
        }

        progress.Finished.TrySetResult();
    }

    private async Task<TestResponse> SendOneAsync(string request)
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync(request);
        return await client.ReadResponseAsync() ?? throw new InvalidOperationException("The server closed without answering.");
    }

    /// <summary>The typed body of the JSON-binding handler.</summary>
    public sealed record Sample(int A);

    private sealed class SyncWriteProgress
    {
        public long Written;

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
