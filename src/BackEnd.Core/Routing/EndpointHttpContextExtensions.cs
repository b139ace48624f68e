using BackEnd.Http;
using BackEnd.Pipeline.Internal;
using BackEnd.Routing.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Routing;

/// <summary>Lets middleware see the endpoint a request will reach, and its metadata, before the router runs it.</summary>
public static class EndpointHttpContextExtensions
{
    /// <summary>Gets the endpoint that matches the request's current path and method, or <see langword="null"/> when none does (404, 405, automatic OPTIONS).</summary>
    /// <param name="context">The request context.</param>
    /// <returns>The endpoint, whose <see cref="Endpoint.Metadata"/> holds the route's and its groups' metadata.</returns>
    /// <remarks>Matched once per request and path, and the router reuses that match; middleware that rewrites the path afterwards gets the endpoint of the new path.</remarks>
    public static Endpoint? GetEndpoint(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        ref var selection = ref context.RouteSelection;

        // The router records its match on the context, so a handler or endpoint filter asking here does not match again.
        var matcher = selection.Matcher is { } recorded && selection.IsFor(recorded, request.Path, request.Method)
            ? recorded
            : context.RequestServices.GetService<ApplicationPipeline>()?.Matcher;
        if (matcher is null)
        {
            return null;
        }

        return selection.Select(matcher, request.Path, request.Method) == MatchOutcome.Matched ? selection.Match.Candidate!.Endpoint : null;
    }

    /// <summary>Gets the metadata items of type <typeparamref name="T"/> of the request's endpoint, outermost group first; empty without an endpoint.</summary>
    /// <typeparam name="T">The metadata type.</typeparam>
    /// <param name="context">The request context.</param>
    /// <returns>The matching items.</returns>
    public static IReadOnlyList<T> GetEndpointMetadata<T>(this HttpContext context)
        where T : class
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return [];
        }

        List<T>? found = null;
        foreach (var item in endpoint.Metadata)
        {
            if (item is T typed)
            {
                (found ??= []).Add(typed);
            }
        }

        return found is null ? [] : found;
    }
}
