using BackEnd.Http;

namespace BackEnd.Routing;

/// <summary>A routable endpoint as built at start-up: its template, methods, metadata and compiled request delegate.</summary>
public sealed class Endpoint
{
    internal Endpoint(string pattern, IReadOnlyList<string> httpMethods, string? name, IReadOnlyList<object> metadata, TimeSpan? requestTimeout, RequestDelegate requestDelegate)
    {
        Pattern = pattern;
        HttpMethods = httpMethods;
        Name = name;
        Metadata = metadata;
        RequestTimeout = requestTimeout;
        RequestDelegate = requestDelegate;
    }

    /// <summary>Gets the route template, including any group prefixes.</summary>
    public string Pattern { get; }

    /// <summary>Gets the methods the endpoint answers; empty means every method.</summary>
    public IReadOnlyList<string> HttpMethods { get; }

    /// <summary>Gets the route name used for link generation, or <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>Gets the metadata of the endpoint and its groups, outermost group first.</summary>
    public IReadOnlyList<object> Metadata { get; }

    /// <summary>Gets the time after which the request is cancelled and answered with 504, or <see langword="null"/>.</summary>
    public TimeSpan? RequestTimeout { get; }

    /// <summary>Gets the delegate that binds the parameters, runs the filters and the handler, and writes the result.</summary>
    public RequestDelegate RequestDelegate { get; }

    /// <summary>Gets a display name: the methods and the template.</summary>
    public string DisplayName => (HttpMethods.Count == 0 ? "*" : string.Join(',', HttpMethods)) + " " + Pattern;

    /// <inheritdoc/>
    public override string ToString() => DisplayName;
}
