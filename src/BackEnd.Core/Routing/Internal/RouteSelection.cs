namespace BackEnd.Routing.Internal;

/// <summary>
/// The route match of one request, kept on its context so the router and <see cref="EndpointHttpContextExtensions.GetEndpoint"/>
/// match each path once between them. Valid while path, method and matcher are unchanged: matching is a pure function of the three.
/// </summary>
internal struct RouteSelection
{
    public RouteMatcher? Matcher;

    public string? Path;

    public string? Method;

    public MatchOutcome Outcome;

    public RouteMatch Match;

    /// <summary>The endpoint the router ran for the current request, for the <c>http.route</c> of traces and metrics; cleared between requests.</summary>
    public Endpoint? Routed;

    public readonly bool IsFor(RouteMatcher matcher, string path, string method) =>
        ReferenceEquals(Matcher, matcher)
        && (ReferenceEquals(Path, path) || string.Equals(Path, path, StringComparison.Ordinal))
        && (ReferenceEquals(Method, method) || string.Equals(Method, method, StringComparison.Ordinal));

    /// <summary>Matches unless this selection already holds the answer for the same matcher, path and method.</summary>
    public MatchOutcome Select(RouteMatcher matcher, string path, string method)
    {
        if (!IsFor(matcher, path, method))
        {
            Matcher = null;
            Match = default;
            Outcome = matcher.Match(path, method, ref Match);
            Matcher = matcher;
            Path = path;
            Method = method;
        }

        return Outcome;
    }
}
