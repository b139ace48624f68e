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
