namespace BackEnd.Routing.Internal;

/// <summary>The endpoints that end at one trie node, by method.</summary>
internal sealed class MethodTable
{
    private readonly List<KeyValuePair<string, RouteCandidate>> _entries = [];
    private KeyValuePair<string, RouteCandidate>[] _frozen = [];

    public RouteCandidate? AnyMethod { get; private set; }

    public void Add(RouteCandidate candidate)
    {
        var endpoint = candidate.Endpoint;
        if (endpoint.HttpMethods.Count == 0)
        {
            if (AnyMethod is not null)
            {
                throw Ambiguous(AnyMethod.Endpoint, endpoint, "*");
            }

            AnyMethod = candidate;
            return;
        }

        foreach (var method in endpoint.HttpMethods)
        {
            foreach (var entry in _entries)
            {
                if (entry.Key == method)
                {
                    throw Ambiguous(entry.Value.Endpoint, endpoint, method);
                }
            }

            _entries.Add(new(method, candidate));
        }
    }

    public void Freeze() => _frozen = [.. _entries];

    public RouteCandidate? Find(string method)
    {
        var entries = _frozen;
        for (var i = 0; i < entries.Length; i++)
        {
            // Well-known methods are interned by the parser, so the reference check nearly always decides.
            if (ReferenceEquals(entries[i].Key, method) || string.Equals(entries[i].Key, method, StringComparison.Ordinal))
            {
                return entries[i].Value;
            }
        }

        if (ReferenceEquals(method, "HEAD") || string.Equals(method, "HEAD", StringComparison.Ordinal))
        {
            return Find("GET");
        }

        return AnyMethod;
    }

    public void AddAllowed(SortedSet<string> allowed)
    {
        foreach (var entry in _frozen)
        {
            allowed.Add(entry.Key);
            if (entry.Key == "GET")
            {
                allowed.Add("HEAD");
            }
        }
    }

    private static InvalidOperationException Ambiguous(Endpoint first, Endpoint second, string method) =>
        new($"The routes '{first.Pattern}' and '{second.Pattern}' are ambiguous for {method}: no request path can tell them apart. " +
            "Change a literal, add a constraint, or merge them into one route.");
}
