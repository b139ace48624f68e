using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing.Internal;

namespace BackEnd.Pipeline.Internal;

/// <summary>The end of the pipeline: matches the route, fills the route values and runs the endpoint; else 404, 405 or an automatic OPTIONS.</summary>
internal sealed class EndpointDispatcher(RouteMatcher matcher)
{
    public ValueTask InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        // Middleware that asked for the endpoint (authorization) has matched this path already; the context keeps that match.
        ref var selection = ref context.RouteSelection;
        switch (selection.Select(matcher, path, request.Method))
        {
            case MatchOutcome.Matched:
                var candidate = selection.Match.Candidate!;
                selection.Routed = candidate.Endpoint;
                if (candidate.ParameterNames.Length > 0 || candidate.Defaults.Length > 0)
                {
                    // A deferred match left by an earlier dispatch of this request (a re-executed pipeline) is written first, as it would have been.
                    if (selection.Pending.Candidate is not null)
                    {
                        _ = request.RouteValues;
                    }

                    selection.Defer(path);
                    if (!request.DefersRouteValues)
                    {
                        selection.MovePendingTo(request.RouteValues);
                    }
                }

                return candidate.Endpoint.RequestDelegate(context);
            case MatchOutcome.Options:
                context.Response.Headers["Allow"] = matcher.GetAllowedMethods(path);
                context.Response.StatusCode = 204;
                return default;
            case MatchOutcome.MethodNotAllowed:
                context.Response.Headers["Allow"] = matcher.GetAllowedMethods(path);
                return ProblemWriter.WriteAsync(context, 405, $"The method {request.Method} is not allowed for this resource.");
            default:
                return ProblemWriter.WriteAsync(context, 404, "No route matches the request path.");
        }
    }
}
