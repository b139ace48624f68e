namespace BackEnd.Routing.Internal;

/// <summary>A node of the route trie: one segment position, with children by kind in precedence order.</summary>
internal sealed class RouteNode
{
    private readonly List<RouteNode> _parameters = [];
    private readonly List<RouteNode> _catchAlls = [];
    private Dictionary<string, RouteNode>? _literals;

    public RouteNode(string constraintKey = "", RouteConstraint[]? constraints = null)
    {
        ConstraintKey = constraintKey;
        Constraints = constraints ?? [];
    }

    public string ConstraintKey { get; }

    public RouteConstraint[] Constraints { get; }

    public MethodTable? Table { get; private set; }

    public bool HasLiterals { get; private set; }

    private const int LinearLiteralLimit = 4;

    private string[] _literalKeys = [];
    private RouteNode[] _literalNodes = [];
    private Dictionary<string, RouteNode>.AlternateLookup<ReadOnlySpan<char>> _literalLookup;

    /// <summary>Gets parameter children: constrained ones first (more constraints first, then by constraint text), the unconstrained one last.</summary>
    public RouteNode[] Parameters { get; private set; } = [];

    public RouteNode[] CatchAlls { get; private set; } = [];

    public MethodTable GetOrAddTable() => Table ??= new MethodTable();

    public RouteNode GetOrAddChild(RouteSegment segment)
    {
        switch (segment.Kind)
        {
            case RouteSegmentKind.Literal:
                _literals ??= new Dictionary<string, RouteNode>(StringComparer.OrdinalIgnoreCase);
                if (!_literals.TryGetValue(segment.Text, out var literal))
                {
                    literal = new RouteNode();
                    _literals.Add(segment.Text, literal);
                }

                return literal;
            default:
                var list = segment.Kind == RouteSegmentKind.Parameter ? _parameters : _catchAlls;
                foreach (var existing in list)
                {
                    if (existing.ConstraintKey == segment.ConstraintKey)
                    {
                        return existing;
                    }
                }

                var node = new RouteNode(segment.ConstraintKey, segment.Constraints);
                list.Add(node);
                return node;
        }
    }

    public void Freeze()
    {
        Table?.Freeze();
        if (_literals is not null)
        {
            HasLiterals = true;
            if (_literals.Count <= LinearLiteralLimit)
            {
                _literalKeys = [.. _literals.Keys];
                _literalNodes = [.. _literals.Values];
            }
            else
            {
                _literalLookup = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            foreach (var child in _literals.Values)
            {
                child.Freeze();
            }
        }

        Parameters = Order(_parameters);
        CatchAlls = Order(_catchAlls);
    }

    /// <summary>Finds a literal child; a few siblings are compared directly, which beats hashing the segment case-insensitively.</summary>
    public bool TryGetLiteral(ReadOnlySpan<char> segment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RouteNode? child)
    {
        var keys = _literalKeys;
        if (keys.Length > 0)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (segment.Equals(keys[i], StringComparison.OrdinalIgnoreCase))
                {
                    child = _literalNodes[i];
                    return true;
                }
            }

            child = null;
            return false;
        }

        return _literalLookup.TryGetValue(segment, out child);
    }

    public bool Accepts(ReadOnlySpan<char> value)
    {
        var constraints = Constraints;
        for (var i = 0; i < constraints.Length; i++)
        {
            if (!constraints[i].Match(value))
            {
                return false;
            }
        }

        return true;
    }

    private static RouteNode[] Order(List<RouteNode> nodes)
    {
        // A fixed order among constrained siblings, so precedence never depends on registration order.
        var constrained = nodes.FindAll(static n => n.Constraints.Length > 0);
        constrained.Sort(static (a, b) =>
        {
            var byCount = b.Constraints.Length.CompareTo(a.Constraints.Length);
            return byCount != 0 ? byCount : string.CompareOrdinal(a.ConstraintKey, b.ConstraintKey);
        });
        var ordered = new List<RouteNode>(nodes.Count);
        ordered.AddRange(constrained);

        foreach (var node in nodes)
        {
            if (node.Constraints.Length == 0)
            {
                ordered.Add(node);
            }

            node.Freeze();
        }

        return [.. ordered];
    }
}
