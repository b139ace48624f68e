using BackEnd.Http;
using BackEnd.Results.Internal;
using BackEnd.Routing.Internal;
using Microsoft.Extensions.Logging;

namespace BackEnd.Pipeline.Internal;

/// <summary>Runs an endpoint with a token that also fires after the route's timeout; a handler that gives up gets a 504.</summary>
internal sealed class TimeoutEndpoint(RequestDelegate inner, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
{
    public async ValueTask InvokeAsync(HttpContext context)
    {
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timer.Token);
        context.Items[RequestTimeouts.TokenKey] = linked.Token;
        try
        {
            await inner(context).ConfigureAwait(false);
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
