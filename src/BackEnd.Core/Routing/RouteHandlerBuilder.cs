using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;

namespace BackEnd.Routing;

/// <summary>One mapped route, returned by <c>MapGet</c> and friends to add a name, metadata, filters or a timeout.</summary>
public sealed class RouteHandlerBuilder : IEndpointConventionBuilder
{
    /// <summary>Initializes a route whose handler is a plain <see cref="Http.RequestDelegate"/> (no parameter binding, no reflection).</summary>
    /// <param name="pattern">The route template.</param>
    /// <param name="httpMethods">The methods answered, or <see langword="null"/> for every method.</param>
    /// <param name="requestDelegate">The handler.</param>
    public RouteHandlerBuilder(string pattern, IEnumerable<string>? httpMethods, RequestDelegate requestDelegate)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(requestDelegate);
        Pattern = pattern;
        HttpMethods = Normalize(httpMethods);
        RequestDelegate = requestDelegate;
    }

    /// <summary>Initializes a route whose handler parameters are bound from the request by a binder compiled at start-up.</summary>
    /// <param name="pattern">The route template.</param>
    /// <param name="httpMethods">The methods answered, or <see langword="null"/> for every method.</param>
    /// <param name="handler">The handler delegate.</param>
    [RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
    [RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
    public RouteHandlerBuilder(string pattern, IEnumerable<string>? httpMethods, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        Pattern = pattern;
        HttpMethods = Normalize(httpMethods);
        Handler = handler;
    }

    /// <summary>Gets the template; route groups prepend their prefix.</summary>
    public string Pattern { get; internal set; }

    /// <summary>Gets the methods answered, upper-case; empty means every method.</summary>
    public IReadOnlyList<string> HttpMethods { get; }

    /// <summary>Gets or sets the route name used by <see cref="LinkGenerator"/> and <c>CreatedAtRoute</c>.</summary>
    public string? Name { get; set; }

    /// <inheritdoc/>
    public IList<object> Metadata { get; } = [];

    /// <inheritdoc/>
    public IList<IEndpointFilter> Filters { get; } = [];

    /// <inheritdoc/>
    public TimeSpan? RequestTimeout { get; set; }

    internal Delegate? Handler { get; }

    internal RequestDelegate? RequestDelegate { get; }

    /// <summary>Gets the groups the route was mapped in, innermost first.</summary>
    internal List<RouteGroupBuilder> Groups { get; } = [];

    /// <summary>Sets the route name.</summary>
    /// <param name="name">A name unique in the application.</param>
    /// <returns>This builder.</returns>
    public RouteHandlerBuilder WithName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        return this;
    }

    private static string[] Normalize(IEnumerable<string>? methods)
    {
        if (methods is null)
        {
            return [];
        }

        var list = new List<string>();
        foreach (var method in methods)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(method);
            var upper = method.ToUpperInvariant();
            if (!list.Contains(upper))
            {
                list.Add(upper);
            }
        }

        return [.. list];
    }
}
