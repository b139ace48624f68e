using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;

namespace BackEnd.Routing;

/// <summary>The inline mapping API: <c>MapGet</c>, <c>MapPost</c>, … and <c>MapGroup</c>.</summary>
/// <remarks>
/// Overloads taking a <see cref="Delegate"/> bind handler parameters with a binder compiled once at start-up; they use
/// reflection and are annotated for trimming and AOT. Overloads taking a <see cref="RequestDelegate"/> use none.
/// </remarks>
public static class EndpointRouteBuilderExtensions
{
    private static readonly string[] Get = ["GET"];
    private static readonly string[] Post = ["POST"];
    private static readonly string[] Put = ["PUT"];
    private static readonly string[] Patch = ["PATCH"];
    private static readonly string[] Delete = ["DELETE"];

    /// <summary>Maps GET (and so HEAD) requests matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template, such as <c>/users/{id:int}</c>.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route, to add a name, filters or metadata.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        MapMethods(routes, pattern, Get, handler);

    /// <summary>Maps POST requests matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapPost(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        MapMethods(routes, pattern, Post, handler);

    /// <summary>Maps PUT requests matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapPut(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        MapMethods(routes, pattern, Put, handler);

    /// <summary>Maps PATCH requests matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapPatch(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        MapMethods(routes, pattern, Patch, handler);

    /// <summary>Maps DELETE requests matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapDelete(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
        MapMethods(routes, pattern, Delete, handler);

    /// <summary>Maps requests with any of the given methods (any token) matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="httpMethods">The methods.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder MapMethods(this IEndpointRouteBuilder routes, string pattern, IEnumerable<string> httpMethods, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(httpMethods);
        var endpoint = new RouteHandlerBuilder(pattern, httpMethods, handler);
        routes.Add(endpoint);
        return endpoint;
    }

    /// <summary>Maps requests of every method matching a template to a handler.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler; its parameters are bound from the request.</param>
    /// <returns>The route.</returns>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public static RouteHandlerBuilder Map(this IEndpointRouteBuilder routes, string pattern, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var endpoint = new RouteHandlerBuilder(pattern, null, handler);
        routes.Add(endpoint);
        return endpoint;
    }

    /// <summary>Maps GET requests to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, Get, handler);

    /// <summary>Maps POST requests to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapPost(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, Post, handler);

    /// <summary>Maps PUT requests to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapPut(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, Put, handler);

    /// <summary>Maps PATCH requests to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapPatch(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, Patch, handler);

    /// <summary>Maps DELETE requests to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapDelete(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, Delete, handler);

    /// <summary>Maps requests of every method to a request delegate; no reflection is involved.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder Map(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        MapMethods(routes, pattern, null, handler);

    /// <summary>Maps requests with any of the given methods to a request delegate; <see langword="null"/> methods means every method.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="httpMethods">The methods, or <see langword="null"/>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The route.</returns>
    public static RouteHandlerBuilder MapMethods(this IEndpointRouteBuilder routes, string pattern, IEnumerable<string>? httpMethods, RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var endpoint = new RouteHandlerBuilder(pattern, httpMethods, handler);
        routes.Add(endpoint);
        return endpoint;
    }

    /// <summary>Creates a group whose routes share a prefix and the group's metadata, filters and timeout.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="prefix">The prefix, such as <c>/api</c>; may contain parameters.</param>
    /// <returns>The group, itself a route builder.</returns>
    public static RouteGroupBuilder MapGroup(this IEndpointRouteBuilder routes, string prefix)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(prefix);
        return new RouteGroupBuilder(routes, prefix);
    }
}
