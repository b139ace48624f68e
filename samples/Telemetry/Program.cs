using BackEnd.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Telemetry;

var builder = Host.CreateApplicationBuilder(args);

// Default URL of the sample; --urls or the urls key override it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5003";
}

builder.Services.AddBackEnd(_ => { })
    .AddTelemetrySample(builder.Configuration.GetConnectionString("Default") ?? TelemetryApp.DefaultConnectionString);

var telemetry = builder.Services.AddTelemetryInstrumentation();
if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    // Traces, metrics and logs to a collector; the exporter reads the endpoint, protocol and headers from the OTEL_* settings.
    telemetry.UseOtlpExporter();
}
else
{
    telemetry
        .WithTracing(t => t.AddConsoleExporter())
        .WithMetrics(m => m.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000));

    // The console logger, not a second console exporter, prints the logs; its scopes show each line's TraceId and SpanId.
    builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
}

await builder.Build().RunAsync();
