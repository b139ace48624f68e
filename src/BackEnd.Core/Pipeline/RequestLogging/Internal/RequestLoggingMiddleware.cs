using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.RequestLogging.Internal;

/// <summary>One log line per request, written when the request ends (a request that throws is logged with 500).</summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger logger, TimeProvider timeProvider)
{
    public async ValueTask InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var start = timeProvider.GetTimestamp();
        var failed = true;
        try
        {
            await next(context).ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? 500 : context.Response.StatusCode;
            var elapsed = timeProvider.GetElapsedTime(start).TotalMilliseconds;
            Log.RequestCompleted(logger, context.Request.Method, context.Request.Path, status, elapsed);
        }
    }
}
