using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing.Internal;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

/// <summary>
/// Runs an endpoint with a token that also fires after the route's timeout, seen both as the handler's
/// <see cref="CancellationToken"/> and as <see cref="HttpContext.RequestAborted"/> (code that only knows the context,
/// such as a repository call passed <c>context.RequestAborted</c>, stops too); a handler that gives up gets a 504.
/// </summary>
internal sealed class TimeoutEndpoint(RequestDelegate inner, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
{
    public async ValueTask InvokeAsync(HttpContext context)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timer.Token);
        context.Items[RequestTimeouts.TokenKey] = linked.Token;
        var request = context.Request;
        var timed = new DelegatingHttpContext(context, outer => new DelegatingHttpRequest(request, outer, request.Scheme, request.Host), null)
        {
            RequestAbortedOverride = linked.Token,
        };
        try
        {
            await inner(timed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            Log.RequestTimedOut(logger, context.Request.Method, context.Request.Path, timeout, context.TraceIdentifier);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Headers.Clear();
            await ProblemWriter.WriteAsync(context, 504, $"The request did not complete within {timeout.TotalSeconds:0.###} s.").ConfigureAwait(false);
        }
        finally
        {
            context.Items.Remove(RequestTimeouts.TokenKey);
        }
    }
}
