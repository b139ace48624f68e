using BackEnd.Storage;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "UnhandledException", Level = LogLevel.Error,
        Message = "An unhandled exception occurred while processing {Method} {Path} (trace id {TraceId}).")]
    public static partial void UnhandledException(ILogger logger, string method, string path, string traceId, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "ResponseAlreadyStarted", Level = LogLevel.Warning,
        Message = "The response to {Path} had already started when the exception occurred; the connection is aborted (trace id {TraceId}).")]
    public static partial void ResponseAlreadyStarted(ILogger logger, string path, string traceId);

    [LoggerMessage(EventId = 3, EventName = "RequestAborted", Level = LogLevel.Debug,
        Message = "The client went away during {Method} {Path} (trace id {TraceId}).")]
    public static partial void RequestAborted(ILogger logger, string method, string path, string traceId);

    [LoggerMessage(EventId = 4, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Path} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 5, EventName = "RequestTimedOut", Level = LogLevel.Warning,
        Message = "{Method} {Path} exceeded its timeout of {Timeout} (trace id {TraceId}).")]
    public static partial void RequestTimedOut(ILogger logger, string method, string path, TimeSpan timeout, string traceId);

    [LoggerMessage(EventId = 6, EventName = "PipelineBuilt", Level = LogLevel.Debug,
        Message = "The request pipeline was built with {EndpointCount} endpoints and {MiddlewareCount} middleware.")]
    public static partial void PipelineBuilt(ILogger logger, int endpointCount, int middlewareCount);

    [LoggerMessage(EventId = 7, EventName = "HealthCheckFailed", Level = LogLevel.Warning,
        Message = "The health check '{Name}' threw.")]
    public static partial void HealthCheckFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "StorageRejected",
        Message = "{Method} {Path} responded {StatusCode} because storage reported {Kind}: {Reason} (trace id {TraceId}).")]
    public static partial void StorageRejected(
        ILogger logger, LogLevel level, string method, string path, int statusCode, StorageErrorKind kind, string reason, string traceId);

    [LoggerMessage(EventId = 9, EventName = "StorageUnavailable", Level = LogLevel.Warning,
        Message = "Storage was unavailable during {Method} {Path}; responded 503 (trace id {TraceId}).")]
    public static partial void StorageUnavailable(ILogger logger, string method, string path, string traceId, Exception exception);

    [LoggerMessage(EventId = 10, EventName = "NoServerRegistered", Level = LogLevel.Warning,
        Message = "A request pipeline is configured but no HTTP server is registered, so nothing will listen; use AddBackEnd(options => ...) or AddServer() to serve it.")]
    public static partial void NoServerRegistered(ILogger logger);

    [LoggerMessage(EventId = 11, EventName = "BadRequest", Level = LogLevel.Debug,
        Message = "{Method} {Path} was refused with {StatusCode}: {Reason} (trace id {TraceId}).")]
    public static partial void BadRequest(ILogger logger, string method, string path, int statusCode, string reason, string traceId);
}
