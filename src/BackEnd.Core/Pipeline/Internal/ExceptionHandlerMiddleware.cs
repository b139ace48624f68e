using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;
using BackEnd.Server.Internal;
using BackEnd.Storage;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// Turns an unhandled exception into a 500 problem (with the exception text only in Development) and logs it once; when
/// the response has already started, aborts the connection rather than append a second response to a half-sent one.
/// A <see cref="StorageException"/> is an expected outcome, not a bug, so it becomes the problem its kind calls for.
/// </summary>
internal sealed class ExceptionHandlerMiddleware(RequestDelegate next, ILogger logger, bool isDevelopment)
{
    /// <summary>The <c>Retry-After</c> of a 503 for unavailable storage: long enough for a pool to reconnect, short enough not to lose users.</summary>
    internal const string RetryAfterSeconds = "5";

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

        // A handler may replace the body's failure with an unrelated exception; the server still knows what happened.
        if ((FindBadRequest(exception) ?? (context as ServerHttpContext)?.BodyError) is { } badRequest)
        {
            await RefuseAsync(context, badRequest).ConfigureAwait(false);
            return;
        }

        var storage = exception as StorageException;
        var status = storage is null ? 500 : StatusOf(storage.Kind);
        if (storage is null)
        {
            Log.UnhandledException(logger, request.Method, request.Path, context.TraceIdentifier, exception);
        }
        else if (storage.Kind == StorageErrorKind.Unavailable)
        {
            // Operators need the provider's inner error here; the client gets none of it.
            Log.StorageUnavailable(logger, request.Method, request.Path, context.TraceIdentifier, exception);
        }
        else
        {
            // The client caused it (missing entity, stale version, taken key, bad cursor): no stack trace, no alarm.
            var level = storage.Kind == StorageErrorKind.NotFound ? LogLevel.Debug : LogLevel.Information;
            Log.StorageRejected(logger, level, request.Method, request.Path, status, storage.Kind, storage.Message, context.TraceIdentifier);
        }

        if (context.Response.HasStarted)
        {
            Log.ResponseAlreadyStarted(logger, request.Path, context.TraceIdentifier);
            context.Abort();
            return;
        }

        try
        {
            context.Response.Headers.Clear();
            if (status == 503)
            {
                // An outage is temporary: a client (or a proxy) told when to retry backs off instead of hammering a
                // database that is coming back.
                context.Response.Headers["Retry-After"] = RetryAfterSeconds;
            }

            var problem = storage is null
                ? ProblemWriter.Create(500, isDevelopment ? exception.ToString() : null)
                : ProblemWriter.Create(status, DetailOf(storage));
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

    /// <summary>A malformed request stays a refusal even when user middleware wrapped it in another exception.</summary>
    private static BadHttpRequestException? FindBadRequest(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException badRequest)
            {
                return badRequest;
            }
        }

        return null;
    }

    /// <summary>The rest of the connection cannot be framed any more, so the refusal closes it (or aborts a started response).</summary>
    private async ValueTask RefuseAsync(HttpContext context, BadHttpRequestException exception)
    {
        Log.BadRequest(logger, context.Request.Method, context.Request.Path, exception.StatusCode, exception.Message, context.TraceIdentifier);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        try
        {
            context.Response.Headers.Clear();
            context.Response.Headers["Connection"] = "close";
            await ProblemWriter.WriteAsync(context, ProblemWriter.Create(exception.StatusCode, exception.Message)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Writing the error failed too: nothing is left but dropping the connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            context.Abort();
        }
    }

    // Concurrency conflicts are 409, not 412: they also come from serialization failures and deadlocks where the client sent
    // no precondition, and nothing here knows whether an If-Match header was the source of the expected version.
    private static int StatusOf(StorageErrorKind kind) => kind switch
    {
        StorageErrorKind.NotFound => 404,
        StorageErrorKind.Conflict or StorageErrorKind.DuplicateKey or StorageErrorKind.ConstraintViolation => 409,
        StorageErrorKind.InvalidQuery => 400,
        StorageErrorKind.Unavailable => 503,
        _ => 500,
    };

    // Storage messages name entities, fields and keys but no values, so they are safe to show, except two kinds: provider
    // text for a refused value may quote the value ("invalid input syntax for type integer: \"…\""), and an unavailable
    // database's message names files and servers.
    private string DetailOf(StorageException exception) => exception.Kind switch
    {
        _ when isDevelopment => exception.Message,
        StorageErrorKind.ConstraintViolation => "The data conflicts with a rule of the database (a reference, a required field or a check).",
        StorageErrorKind.Unavailable => "The database is unavailable; try again later.",
        _ => exception.Message,
    };
}
