using System.Diagnostics;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Telemetry;

namespace Samples.Telemetry.Tests;

/// <summary>
/// samples/Telemetry on the real server (127.0.0.1, free port) with a fresh SQLite file, exporting through the
/// sample's own OpenTelemetry registration into in-memory exporters instead of the console.
/// </summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly string _folder;
    private readonly LockedList<Activity> _spans = [];
    private readonly LockedList<MetricSnapshot> _metrics = [];

    private TelemetryHost(string folder) => _folder = folder;

    public BackEndTestHost Host { get; private set; } = null!;

    public static async Task<TelemetryHost> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("backend-telemetry-").FullName;
        var result = new TelemetryHost(folder);
        var connectionString = "Data Source=" + Path.Combine(folder, "telemetry.db");
        try
        {
            result.Host = await BackEndTestHost.StartServerAsync(b =>
            {
                b.AddTelemetrySample(connectionString);
                b.Services.AddTelemetryInstrumentation()
                    .WithTracing(t => t.AddInMemoryExporter(result._spans))
                    .WithMetrics(m => m.AddInMemoryExporter(result._metrics));
            });
            return result;
        }
        catch
        {
            Cleanup(folder);
            throw;
        }
    }

    /// <summary>The first exported span that matches; the server ends its span after the response is sent, so this waits (bounded).</summary>
    public async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        var tracing = Host.Services.GetRequiredService<TracerProvider>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            tracing.ForceFlush(1000);
            if (_spans.Snapshot().FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(deadline.Elapsed < WaitLimit, "No matching span was exported within " + WaitLimit);
            await Task.Delay(20);
        }
    }

    /// <summary>The spans exported so far.</summary>
    public Activity[] Spans() => _spans.Snapshot();

    /// <summary>Collects the metrics now and returns the last snapshot of the named instrument.</summary>
    public MetricSnapshot CollectMetric(string name)
    {
        var metering = Host.Services.GetRequiredService<MeterProvider>();
        Assert.True(metering.ForceFlush((int)WaitLimit.TotalMilliseconds), "The metric reader did not flush within " + WaitLimit);
        return _metrics.Snapshot().LastOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException("No metric " + name + " was exported.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Cleanup(_folder);
    }

    private static void Cleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
