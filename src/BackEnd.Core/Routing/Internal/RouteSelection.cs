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

    /// <summary>
    /// The match whose values the router has not yet written into the request's route values (while its candidate is set):
    /// a binder reads a value straight from the path and the dictionary is filled only when someone asks for it. A copy,
    /// so a later <see cref="Select"/> for another path (a handler calling <c>GetEndpoint</c> after a rewrite) cannot change it.
    /// </summary>
    public RouteMatch Pending;

    /// <summary>The path <see cref="Pending"/>'s captures point into.</summary>
    public string? PendingPath;

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

    /// <summary>Defers the route values of the current match until <see cref="MovePendingTo"/> or reads them in place.</summary>
    public void Defer(string path)
    {
        Pending = Match;
        PendingPath = path;
    }

    /// <summary>Writes the deferred values (captures, then the defaults of left-out parameters) into <paramref name="values"/>, once.</summary>
    public void MovePendingTo(IDictionary<string, object?> values)
    {
        if (Pending.Candidate is not { } candidate)
        {
            return;
        }

        Pending.Candidate = null;
        var names = candidate.ParameterNames;
        for (var i = 0; i < names.Length; i++)
        {
            values[names[i]] = Pending.GetValue(PendingPath!, i);
        }

        foreach (var (name, value) in candidate.Defaults)
        {
            values[name] = value;
        }

        PendingPath = null;
    }

    /// <summary>Gets a deferred captured value as it stands in the path, without a string; false when none is deferred under <paramref name="name"/>.</summary>
    public readonly bool TryGetPending(string name, out ReadOnlySpan<char> value)
    {
        if (Pending.Candidate is { } candidate)
        {
            var names = candidate.ParameterNames;
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    value = PendingPath.AsSpan()[Pending.Captures[i]];
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Forgets the previous request's deferred values.</summary>
    public void ClearPending()
    {
        Pending.Candidate = null;
        PendingPath = null;
    }
}
