using System.Diagnostics;

namespace BackEnd.Routing.Internal;

/// <summary>
/// Matches a request path against every route with one walk of a trie built at start-up: the cost depends on the
/// number of segments, not the number of routes. At each segment a literal child is tried first, then constrained
/// parameters, then the unconstrained parameter, then catch-alls, backtracking when a branch dead-ends; so precedence
/// never depends on registration order.
/// </summary>
internal sealed class RouteMatcher
{
    private readonly RouteNode _root;

    private RouteMatcher(RouteNode root, IReadOnlyList<Endpoint> endpoints)
    {
        _root = root;
        Endpoints = endpoints;
    }

    public IReadOnlyList<Endpoint> Endpoints { get; }

    public static RouteMatcher Build(IReadOnlyList<Endpoint> endpoints)
    {
        var root = new RouteNode();
        foreach (var endpoint in endpoints)
        {
            var pattern = RoutePattern.Parse(endpoint.Pattern);
            foreach (var (segments, candidate) in Expand(pattern, endpoint))
            {
                var node = root;
                foreach (var segment in segments)
                {
                    node = node.GetOrAddChild(segment);
                }

                node.GetOrAddTable().Add(candidate);
            }
        }

        root.Freeze();
        return new RouteMatcher(root, endpoints);
    }

    public MatchOutcome Match(string path, string method, ref RouteMatch match)
    {
        if (path.Length == 0)
        {
            path = "/";
        }
        else if (path[0] != '/')
        {
            return MatchOutcome.NotFound;
        }

        if (Walk(_root, path, 1, method, ref match, 0, null))
        {
            return MatchOutcome.Matched;
        }

        if (!match.PathMatched)
        {
            return MatchOutcome.NotFound;
        }

        return method == "OPTIONS" ? MatchOutcome.Options : MatchOutcome.MethodNotAllowed;
    }

    /// <summary>Gets the <c>Allow</c> value for a path: the union over every route whose template matches it (slow path, 405 and OPTIONS only).</summary>
    public string GetAllowedMethods(string path)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        var match = default(RouteMatch);
        Walk(_root, path.Length == 0 ? "/" : path, 1, string.Empty, ref match, 0, allowed);
        allowed.Add("OPTIONS");
        return string.Join(", ", allowed);
    }

    private static bool Walk(RouteNode node, string path, int start, string method, ref RouteMatch match, int depth, SortedSet<string>? allowed)
    {
        if (start >= path.Length)
        {
            if (node.Table is not null && Accept(node.Table, method, ref match, allowed))
            {
                return true;
            }

            return WalkCatchAlls(node, path, path.Length, method, ref match, depth, allowed);
        }

        var end = path.IndexOf('/', start);
        if (end < 0)
        {
            end = path.Length;
        }

        var segment = path.AsSpan(start, end - start);
        if (segment.Length > 0)
        {
            if (node.HasLiterals && node.TryGetLiteral(segment, out var literal) &&
                Walk(literal, path, end + 1, method, ref match, depth, allowed))
            {
                return true;
            }

            var complex = node.Complex;
            for (var i = 0; i < complex.Length; i++)
            {
                var candidate = complex[i];
                if (candidate.TryMatchComplex(path, start, end, ref match.Captures, depth) &&
                    Walk(candidate, path, end + 1, method, ref match, depth + candidate.CaptureCount, allowed))
                {
                    return true;
                }
            }

            var parameters = node.Parameters;
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                if (parameter.Accepts(segment))
                {
                    match.Captures[depth] = new Range(start, end);
                    if (Walk(parameter, path, end + 1, method, ref match, depth + 1, allowed))
                    {
                        return true;
                    }
                }
            }
        }

        return WalkCatchAlls(node, path, start, method, ref match, depth, allowed);
    }

    private static bool WalkCatchAlls(RouteNode node, string path, int start, string method, ref RouteMatch match, int depth, SortedSet<string>? allowed)
    {
        var catchAlls = node.CatchAlls;
        for (var i = 0; i < catchAlls.Length; i++)
        {
            var catchAll = catchAlls[i];
            Debug.Assert(catchAll.Table is not null, "A catch-all is always the last segment.");
            var rest = path.AsSpan(start);
            if (!HasDotSegment(rest) && catchAll.Accepts(rest))
            {
                match.Captures[depth] = new Range(start, path.Length);
                if (Accept(catchAll.Table, method, ref match, allowed))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a rest of path has a <c>.</c> or <c>..</c> segment. The server removes them, but a path set by middleware
    /// or another host might not; a catch-all value is often a file path, so it must never carry a traversal.
    /// </summary>
    internal static bool HasDotSegment(ReadOnlySpan<char> rest)
    {
        if (!rest.Contains('.'))
        {
            return false;
        }

        foreach (var range in rest.Split('/'))
        {
            var segment = rest[range];
            if (segment is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Accept(MethodTable table, string method, ref RouteMatch match, SortedSet<string>? allowed)
    {
        if (allowed is not null)
        {
            table.AddAllowed(allowed);
            return false;
        }

        var candidate = table.Find(method);
        if (candidate is null)
        {
            match.PathMatched = true;
            return false;
        }

        match.Candidate = candidate;
        return true;
    }

    private static IEnumerable<(RouteSegment[] Segments, RouteCandidate Candidate)> Expand(RoutePattern pattern, Endpoint endpoint)
    {
        var segments = pattern.Segments;
        var firstOptional = segments.Length;
        while (firstOptional > 0 && segments[firstOptional - 1] is { Kind: RouteSegmentKind.Parameter } s && (s.IsOptional || s.DefaultValue is not null))
        {
            firstOptional--;
        }

        for (var cut = segments.Length; cut >= firstOptional; cut--)
        {
            var names = new List<string>();
            var defaults = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (segment.Kind == RouteSegmentKind.Literal)
                {
                    continue;
                }

                if (i < cut)
                {
                    names.AddRange(segment.ParameterNames);
                }
                else if (segment.DefaultValue is not null)
                {
                    defaults.Add(new(segment.Text, segment.DefaultValue));
                }
            }

            yield return (segments[..cut], new RouteCandidate(endpoint, [.. names], [.. defaults]));
        }
    }
}
