namespace BackEnd.Routing.Internal;

/// <summary>One concrete shape of an endpoint's template (an optional parameter yields two shapes).</summary>
internal sealed class RouteCandidate(Endpoint endpoint, string[] parameterNames, KeyValuePair<string, string>[] defaults)
{
    public Endpoint Endpoint { get; } = endpoint;

    /// <summary>Gets the names of the captured parameters, in path order.</summary>
    public string[] ParameterNames { get; } = parameterNames;

    /// <summary>Gets the default values of parameters this shape leaves out of the path.</summary>
    public KeyValuePair<string, string>[] Defaults { get; } = defaults;
}
