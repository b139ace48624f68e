using System.Text.Json;
using BackEnd.Diagnostics;
using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using BackEnd.HttpResults.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackEnd.Pipeline.Health.Internal;

/// <summary>Runs the registered checks concurrently, each under a timeout, and writes the report; a check that throws or times out is unhealthy.</summary>
internal sealed class HealthEndpoint(HealthEndpointOptions options, IServiceProvider services)
{
    private readonly ILogger _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("BackEnd.Health");
    private readonly TimeProvider _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;

    public async ValueTask InvokeAsync(HttpContext context)
    {
        var checks = context.RequestServices.GetServices<IHealthCheck>().ToArray();
        var started = _timeProvider.GetTimestamp();
        var results = await Task.WhenAll(checks.Select(check => RunAsync(check, context.RequestAborted))).ConfigureAwait(false);
        var overall = HealthStatus.Healthy;
        foreach (var (result, _) in results)
        {
            if (result.Status < overall)
            {
                overall = result.Status;
            }
        }

        var buffer = PooledBufferWriter.Rent();
        var writer = ResponseWriter.RentJsonWriter(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("status", overall.ToString());
            writer.WriteNumber("totalDurationMs", Math.Round(_timeProvider.GetElapsedTime(started).TotalMilliseconds, 1));
            writer.WriteStartObject("checks");
            for (var i = 0; i < checks.Length; i++)
            {
                var (result, duration) = results[i];
                writer.WriteStartObject(checks[i].Name);
                writer.WriteString("status", result.Status.ToString());
                if (options.IncludeDetails && result.Description is not null)
                {
                    writer.WriteString("description", result.Description);
                }

                writer.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 1));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            writer.Reset();
        }

        context.Response.Headers["Cache-Control"] = "no-store";
        await ResponseWriter.WriteAsync(context, overall == HealthStatus.Unhealthy ? 503 : 200, ResponseWriter.JsonContentType, buffer).ConfigureAwait(false);
    }

    private async Task<(HealthCheckResult Result, TimeSpan Duration)> RunAsync(IHealthCheck check, CancellationToken requestAborted)
    {
        var started = _timeProvider.GetTimestamp();
        using var timer = new CancellationTokenSource(options.Timeout, _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timer.Token);
        try
        {
            var result = await check.CheckAsync(timeout.Token).ConfigureAwait(false);
            return (result, _timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            return (HealthCheckResult.Unhealthy($"Timed out after {options.Timeout.TotalSeconds:0.###} s."), _timeProvider.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // A failing check is a result, not a failure of the endpoint.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.HealthCheckFailed(_logger, check.Name, exception);
            return (HealthCheckResult.Unhealthy("The check failed."), _timeProvider.GetElapsedTime(started));
        }
    }
}
