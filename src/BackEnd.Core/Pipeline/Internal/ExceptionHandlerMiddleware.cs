using BackEnd.Http;
using BackEnd.Results;
using BackEnd.Results.Internal;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// Turns an unhandled exception into a 500 problem (with the exception text only in Development) and logs it once; when
/// the response has already started, aborts the connection rather than append a second response to a half-sent one.
/// </summary>
internal sealed class ExceptionHandlerMiddleware(RequestDelegate next, ILogger logger, bool isDevelopment)
{
    public ValueTask InvokeAsync(HttpContext context)
    {
        ValueTask task;
        try
        {
            task = next(context);
        }
#pragma warning disable CA1031 // The last line of defence catches everything by design.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return HandleAsync(context, exception);
        }

        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return default;
        }

        return AwaitAsync(context, task);
    }

    private async ValueTask AwaitAsync(HttpContext context, ValueTask task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The last line of defence catches everything by design.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await HandleAsync(context, exception).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleAsync(HttpContext context, Exception exception)
    {
        var request = context.Request;
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            Log.RequestAborted(logger, request.Method, request.Path, context.TraceIdentifier);
            return;
        }

        Log.UnhandledException(logger, request.Method, request.Path, context.TraceIdentifier, exception);
        if (context.Response.HasStarted)
        {
            Log.ResponseAlreadyStarted(logger, request.Path, context.TraceIdentifier);
            context.Abort();
            return;
        }

        try
        {
            context.Response.Headers.Clear();
            var problem = ProblemWriter.Create(500, isDevelopment ? exception.ToString() : null);
            if (isDevelopment)
            {
                problem.Extensions["exception"] = exception.GetType().FullName;
            }

            await ProblemWriter.WriteAsync(context, problem).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Writing the error failed too: nothing is left but dropping the connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            context.Abort();
        }
    }
}
