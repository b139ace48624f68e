using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;

namespace BackEnd.Core.Tests.Server;

/// <summary>
/// The server's instruments as a MeterListener (what OpenTelemetry and dotnet-counters use) sees them: OpenTelemetry's
/// names and tags, measured over real sockets. Each test listens to its own server's instruments only.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task RequestDuration_RoutedRequest_RecordedWithSemanticConventionTags()
    {
        await using var server = await TestServer.StartAsync(b => b.Configure(app => app.MapGet("/metered/{id:int}", (int id) => id)));
        using var recorder = new Recorder(server.ServerServices.Metrics.RequestDuration);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /metered/7 HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        var (value, tags) = await recorder.SingleAsync();
        Assert.InRange(value, 0, 60);
        Assert.Equal("GET", tags["http.request.method"]);
        Assert.Equal(200, tags["http.response.status_code"]);
        Assert.Equal("/metered/{id:int}", tags["http.route"]);
        Assert.Equal("http", tags["url.scheme"]);
        Assert.Equal("1.1", tags["network.protocol.version"]);
        Assert.False(tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task RequestDuration_UnknownMethodAndNoRoute_MethodIsOtherAndRouteAbsent()
    {
        await using var server = await TestServer.StartAsync(b => b.Configure(app => app.MapGet("/metered", () => "x")));
        using var recorder = new Recorder(server.ServerServices.Metrics.RequestDuration);
        await using var client = await server.ConnectAsync();

        // A client picks any method token: as a tag it would grow the series without bound, so it is "_OTHER".
        await client.SendAsync("FROBNICATE /nowhere HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(404, response!.Status);
        var (_, tags) = await recorder.SingleAsync();
        Assert.Equal("_OTHER", tags["http.request.method"]);
        Assert.Equal(404, tags["http.response.status_code"]);
        Assert.False(tags.ContainsKey("http.route"));
    }

    [Fact]
    public async Task RequestDuration_HandlerThrows_ErrorTypeIsTheExceptionType()
    {
        await using var server = await TestServer.StartAsync(_ => throw new TimeZoneNotFoundException("boom"));
        using var recorder = new Recorder(server.ServerServices.Metrics.RequestDuration);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET /throws HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal(500, response!.Status);
        var (_, tags) = await recorder.SingleAsync();
        Assert.Equal(500, tags["http.response.status_code"]);
        Assert.Equal(typeof(TimeZoneNotFoundException).FullName, tags["error.type"]);
    }

    [Fact]
    public async Task ActiveRequests_DuringAndAfterRequest_OneThenZeroWithMethodAndScheme()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            entered.SetResult();
            await release.Task;
            await context.Response.WriteAsync("done"u8.ToArray());
        });
        using var recorder = new Recorder(server.ServerServices.Metrics.ActiveRequests);
        await using var client = await server.ConnectAsync();

        await client.SendAsync("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var during = recorder.Sum;
        release.SetResult();
        var response = await client.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.Equal(1, during);
        await recorder.WaitForCountAsync(2);
        Assert.Equal(0, recorder.Sum);
        Assert.All(recorder.Measurements, m =>
        {
            Assert.Equal("POST", m.Tags["http.request.method"]);
            Assert.Equal("http", m.Tags["url.scheme"]);
        });
    }

    [Fact]
    public async Task RejectedConnections_OverTheLimit_Counted()
    {
        await using var server = await TestServer.StartAsync(TestServer.EchoPath, o => o.MaxConcurrentConnections = 1);
        using var recorder = new Recorder(server.ServerServices.Metrics.RejectedConnections);
        await using var first = await server.ConnectAsync();
        await first.SendAsync("GET /held HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(200, (await first.ReadResponseAsync())!.Status);

        await using var second = await server.ConnectAsync();

        Assert.True(await second.IsClosedAsync());
        await recorder.WaitForCountAsync(1);
        Assert.Equal(1, recorder.Sum);
    }

    /// <summary>Listens to one instrument and keeps its measurements with their tags.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)> _measurements = new();

        public Recorder(Instrument instrument)
        {
            _listener.InstrumentPublished = (published, listener) =>
            {
                if (ReferenceEquals(published, instrument))
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
            _listener.Start();
        }

        public IReadOnlyCollection<(double Value, Dictionary<string, object?> Tags)> Measurements => [.. _measurements];

        public double Sum => _measurements.Sum(static m => m.Value);

        public async Task<(double Value, Dictionary<string, object?> Tags)> SingleAsync()
        {
            await WaitForCountAsync(1);
            return Assert.Single(_measurements);
        }

        public async Task WaitForCountAsync(int count)
        {
            // The server records after the response is written: wait (bounded) for it.
            for (var attempt = 0; attempt < 400 && _measurements.Count < count; attempt++)
            {
                await Task.Delay(25);
            }

            Assert.Equal(count, _measurements.Count);
        }

        public void Dispose() => _listener.Dispose();

        private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((value, copy));
        }
    }
}
