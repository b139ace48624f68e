using System.Collections.Concurrent;
using System.Diagnostics;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// Request tracing: a server Activity per request that continues the client's W3C trace context (examples from the
/// W3C Trace Context recommendation, §3.2 and §3.3) and carries OpenTelemetry's HTTP tags.
/// </summary>
public sealed class TracingTests : IDisposable
{
    // W3C Trace Context, "traceparent" example: version 00, trace-id, parent-id, sampled flag.
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";
    private const string TraceParent = "00-" + TraceId + "-" + ParentSpanId + "-01";

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "BackEnd.Server",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Request_WithTraceParent_HandlerRunsInTheClientsTrace()
    {
        string? seenTraceId = null;
        string? seenParent = null;
        string? seenState = null;
        await using var server = await TestServer.StartAsync(context =>
        {
            seenTraceId = Activity.Current?.TraceId.ToHexString();
            seenParent = Activity.Current?.ParentSpanId.ToHexString();
            seenState = Activity.Current?.TraceStateString;
            return context.Response.WriteAsync("ok"u8.ToArray());
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"GET /traced HTTP/1.1\r\nHost: a\r\ntraceparent: {TraceParent}\r\ntracestate: congo=t61rcWkgMzE\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.Equal(TraceId, seenTraceId);
        Assert.Equal(ParentSpanId, seenParent);
        Assert.Equal("congo=t61rcWkgMzE", seenState);
        var activity = await StoppedAsync("/traced");
        Assert.Equal(ActivityKind.Server, activity.Kind);
        Assert.Equal(TraceId, activity.TraceId.ToHexString());
        Assert.NotEqual(ParentSpanId, activity.SpanId.ToHexString());
        Assert.Equal("GET", activity.GetTagItem("http.request.method"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // an all-zero trace-id is invalid
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // an all-zero parent-id is invalid
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // upper-case hex is invalid
    [InlineData("garbage")]
    public async Task Request_WithInvalidTraceParent_StartsANewTraceAndIsServed(string traceParent)
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok"u8.ToArray()));
        await using var client = await server.ConnectAsync();

        await client.SendAsync($"GET /fresh HTTP/1.1\r\nHost: a\r\ntraceparent: {traceParent}\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        var activity = await StoppedAsync("/fresh");
        Assert.Equal(default, activity.ParentSpanId);
        Assert.NotEqual(TraceId, activity.TraceId.ToHexString());
    }

    [Fact]
    public async Task Request_HandlerThrows_SpanMarkedAsErrorWithStatus500()
    {
        await using var server = await TestServer.StartAsync(_ => throw new InvalidOperationException("boom"));
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /fails HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(500, response!.Status);
        var activity = await StoppedAsync("/fails");
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(500, activity.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Request_NotFound_ClientErrorIsNotASpanError()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.StatusCode = 404;
            return ValueTask.CompletedTask;
        });
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /missing HTTP/1.1\r\nHost: a\r\n\r\n");
        _ = await client.ReadResponseAsync();

        var activity = await StoppedAsync("/missing");
        Assert.Equal(404, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task Request_RoutedEndpoint_SpanHasRouteTemplateAndName()
    {
        await using var server = await TestServer.StartAsync(b => b.Configure(app => app.MapGet("/traced-users/{id:int}", (int id) => id * 2)));
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /traced-users/21 HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal("42", response!.BodyText);
        var activity = await StoppedAsync("/traced-users/21");
        Assert.Equal("/traced-users/{id:int}", activity.GetTagItem("http.route"));
        Assert.Equal("GET /traced-users/{id:int}", activity.DisplayName);
    }

    [Fact]
    public async Task Request_NoRouteMatches_SpanHasNoRouteTag()
    {
        await using var server = await TestServer.StartAsync(b => b.Configure(app => app.MapGet("/traced-known/{id:int}", (int id) => id)));
        await using var client = await server.ConnectAsync();

        // The first request matches and the second (on the same connection, so the same reused context) does not: the
        // route of the first must not leak into the second's span.
        await client.SendAsync("GET /traced-known/1 HTTP/1.1\r\nHost: a\r\n\r\nGET /traced-known/x HTTP/1.1\r\nHost: a\r\n\r\n");
        var first = await client.ReadResponseAsync();
        var second = await client.ReadResponseAsync();

        Assert.Equal(200, first!.Status);
        Assert.Equal(404, second!.Status);
        var activity = await StoppedAsync("/traced-known/x");
        Assert.Null(activity.GetTagItem("http.route"));
        Assert.Equal(404, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", activity.DisplayName);
    }

    /// <summary>The span is stopped after the response is written; waits (bounded) for the one of this path.</summary>
    private async Task<Activity> StoppedAsync(string path)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var match = _stopped.FirstOrDefault(a => (a.GetTagItem("url.path") as string) == path);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No stopped server activity for {path}.");
    }
}
