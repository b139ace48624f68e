using BackEnd.Http;

namespace BackEnd.Core.Tests.Server;

/// <summary>Graceful shutdown: in-flight requests finish, idle connections close, stragglers are aborted at the deadline.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_RequestInFlight_CompletesWithConnectionClose()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            entered.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("finished"u8.ToArray());
        });
        await using var busy = await server.ConnectAsync();
        await using var idle = await server.ConnectAsync();
        await idle.SendAsync("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n");
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        release.TrySetResult();
        _ = await idle.ReadResponseAsync();

        var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
        var response = await busy.ReadResponseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("finished", response!.BodyText);
        Assert.True(await busy.IsClosedAsync());
        Assert.True(await idle.IsClosedAsync());
    }

    [Fact]
    public async Task Stop_RequestInFlightNotFinishing_StartedResponseGetsConnectionClose()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            entered.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("late"u8.ToArray());
        });
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 400 && !server.ServerServices.Connections.Values.All(c => c.IsShutdownRequested); i++)
        {
            await Task.Delay(50);
        }

        release.TrySetResult();
        var response = await client.ReadResponseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("late", response!.BodyText);
        Assert.True(response.HasConnectionClose);
    }

    [Fact]
    public async Task Stop_EveryKeepAliveConnectionBusy_EachLastResponseCompleteWithConnectionClose()
    {
        // Issue 15's SIGTERM case: every keep-alive connection has a request in a handler when the server stops. Each
        // response must be complete and say Connection: close, so no client sends a request that nobody reads.
        const int Connections = 16;
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/slow" && Interlocked.Increment(ref entered) == Connections)
            {
                allEntered.TrySetResult();
            }

            if (context.Request.Path == "/slow")
            {
                await release.Task;
            }

            await context.Response.WriteAsync(System.Text.Encoding.ASCII.GetBytes("done " + context.Request.Path));
        });
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var client = await server.ConnectAsync();
                clients.Add(client);
                await client.SendAsync("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n");
                var warm = await client.ReadResponseAsync();
                Assert.False(warm!.HasConnectionClose);
                await client.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            }

            await allEntered.Task.WaitAsync(TimeSpan.FromSeconds(20));
            var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
            for (var i = 0; i < 400 && !server.ServerServices.Connections.Values.All(c => c.IsShutdownRequested); i++)
            {
                await Task.Delay(50);
            }

            release.TrySetResult();
            foreach (var client in clients)
            {
                var response = await client.ReadResponseAsync();
                Assert.Equal("done /slow", response!.BodyText);
                Assert.True(response.HasConnectionClose, response.Head);
                Assert.True(await client.IsClosedAsync());
            }

            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Stop_PipelinedRequestAlreadyReceived_AnsweredAndOnlyTheLastSaysClose()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/first")
            {
                entered.TrySetResult();
                await release.Task;
            }

            await context.Response.WriteAsync(System.Text.Encoding.ASCII.GetBytes("done " + context.Request.Path));
        });
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 400 && !server.ServerServices.Connections.Values.All(c => c.IsShutdownRequested); i++)
        {
            await Task.Delay(50);
        }

        release.TrySetResult();
        var first = await client.ReadResponseAsync();
        var second = await client.ReadResponseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("done /first", first!.BodyText);
        Assert.False(first.HasConnectionClose, first.Head);
        Assert.Equal("done /second", second!.BodyText);
        Assert.True(second.HasConnectionClose, second.Head);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Stop_IdleClientSendsJustAfterShutdownBegins_RequestAnsweredWithConnectionClose()
    {
        // The keep-alive race of issue 15: the client got a response and sends its next request while the server
        // starts stopping. Closing idle connections at once lost that request on every busy connection.
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.False((await client.ReadResponseAsync())!.HasConnectionClose);

        var stopping = server.StopAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 400 && !server.ServerServices.Connections.Values.All(c => c.IsShutdownRequested); i++)
        {
            await Task.Delay(5);
        }

        await client.SendAsync("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/next", response?.BodyText);
        Assert.True(response!.HasConnectionClose, response.Head);
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Stop_ShutdownTimeoutElapses_StuckRequestAborted()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var client = await server.ConnectAsync();
        await client.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await server.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(TimeSpan.FromSeconds(30));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var response = await client.ReadResponseAsync();

        Assert.Null(response);
    }

    [Fact]
    public async Task Stop_NewConnections_Refused()
    {
        var server = await TestServer.StartAsync();
        var port = server.Port;

        await server.StopAsync(TimeSpan.FromSeconds(5));
        await server.DisposeAsync();

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(async () => await socket.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Context_Abort_ClosesConnectionWithoutResponse()
    {
        await using var server = await TestServer.StartAsync(static (HttpContext context) =>
        {
            context.Abort();
            return default;
        });

        var responses = await server.SendAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Empty(responses);
    }

    [Fact]
    public async Task RequestAborted_ClientResetsDuringHandler_Signaled()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // Expected: the client went away.
            }
        });
        var client = await server.ConnectAsync();
        await client.SendAsync("GET /long HTTP/1.1\r\nHost: a\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        client.Reset();
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(aborted.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AsyncHandler_PipelinedRequests_AllAnsweredInOrder()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await Task.Delay(1);
            await context.Response.WriteAsync(System.Text.Encoding.UTF8.GetBytes(context.Request.Path));
        });
        var request = string.Concat(Enumerable.Range(0, 20).Select(i => $"GET /p{i} HTTP/1.1\r\nHost: a\r\n\r\n"));

        await using var client = await server.ConnectAsync();
        await client.SendAsync(request);
        var bodies = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            bodies.Add((await client.ReadResponseAsync())!.BodyText);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"/p{i}"), bodies);
    }

    [Fact]
    public async Task AsyncHandler_SequentialRequestsOnOneConnection_WatchCancelledEachTime()
    {
        await using var server = await TestServer.StartAsync(static async context =>
        {
            await Task.Delay(20);
            await context.Response.WriteAsync(System.Text.Encoding.UTF8.GetBytes(context.Request.Path));
        });
        await using var client = await server.ConnectAsync();
        var bodies = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync($"GET /s{i} HTTP/1.1\r\nHost: a\r\n\r\n");
            bodies.Add((await client.ReadResponseAsync())!.BodyText);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"/s{i}"), bodies);
    }
}
