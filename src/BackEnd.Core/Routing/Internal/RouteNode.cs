namespace BackEnd.Routing.Internal;

/// <summary>A node of the route trie: one segment position, with children by kind in precedence order.</summary>
internal sealed class RouteNode
{
    private readonly List<RouteNode> _parameters = [];
    private readonly List<RouteNode> _catchAlls = [];
    private readonly List<RouteNode> _complex = [];
    private Dictionary<string, RouteNode>? _literals;

    public RouteNode(string constraintKey = "", RouteConstraint[]? constraints = null, RouteSegment[]? parts = null)
    {
        ConstraintKey = constraintKey;
        Constraints = constraints ?? [];
        Parts = parts ?? [];
        foreach (var part in Parts)
        {
            if (part.Kind != RouteSegmentKind.Literal)
            {
                CaptureCount++;
            }
        }
    }

    public string ConstraintKey { get; }

    public RouteConstraint[] Constraints { get; }

    public MethodTable? Table { get; private set; }

    /// <summary>Gets the parts of a complex-segment node (literal text and parameters); empty for other nodes.</summary>
    public RouteSegment[] Parts { get; }

    /// <summary>Gets how many values a complex-segment node captures.</summary>
    public int CaptureCount { get; }

    /// <summary>Gets complex-segment children, tried after literals and before plain parameters: longer literal text first.</summary>
    public RouteNode[] Complex { get; private set; } = [];

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
            case RouteSegmentKind.Complex:
                foreach (var existing in _complex)
                {
                    if (existing.ConstraintKey == segment.ConstraintKey)
                    {
                        return existing;
                    }
                }

                var complex = new RouteNode(segment.ConstraintKey, parts: segment.Parts);
                _complex.Add(complex);
                return complex;
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

        _complex.Sort(static (a, b) =>
        {
            var byText = LiteralLength(b).CompareTo(LiteralLength(a));
            var byConstraints = byText != 0 ? byText : ConstraintCount(b).CompareTo(ConstraintCount(a));
            return byConstraints != 0 ? byConstraints : string.CompareOrdinal(a.ConstraintKey, b.ConstraintKey);
        });
        foreach (var node in _complex)
        {
            node.Freeze();
        }

        Complex = [.. _complex];
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

    public bool Accepts(ReadOnlySpan<char> value) => Accepts(Constraints, value);

    /// <summary>
    /// Matches a complex segment right to left, as ASP.NET Core does: each parameter takes the text after the last
    /// occurrence of the literal before it, so <c>{name}.{ext}</c> splits <c>a.b.c</c> into <c>a.b</c> and <c>c</c>.
    /// Every parameter must capture at least one character and pass its constraints.
    /// </summary>
    public bool TryMatchComplex(string path, int start, int end, ref CaptureBuffer captures, int depth)
    {
        var parts = Parts;
        var i = parts.Length - 1;
        if (parts[i].Kind == RouteSegmentKind.Literal)
        {
            var suffix = parts[i].Text;
            if (end - start < suffix.Length || !path.AsSpan(end - suffix.Length, suffix.Length).Equals(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            end -= suffix.Length;
            i--;
        }

        var slot = depth + CaptureCount - 1;
        while (i >= 0)
        {
            var parameter = parts[i];
            int valueStart;
            int nextEnd;
            if (i == 0)
            {
                valueStart = start;
                nextEnd = start;
            }
            else
            {
                var literal = parts[i - 1].Text;
                var searched = path.AsSpan(start, Math.Max(0, end - start - 1));
                var at = i - 1 == 0
                    ? (searched.StartsWith(literal, StringComparison.OrdinalIgnoreCase) ? 0 : -1)
                    : searched.LastIndexOf(literal, StringComparison.OrdinalIgnoreCase);
                if (at < 0 || (i - 1 > 0 && at == 0))
                {
                    return false;
                }

                valueStart = start + at + literal.Length;
                nextEnd = start + at;
            }

            if (valueStart >= end || !Accepts(parameter.Constraints, path.AsSpan(valueStart, end - valueStart)))
            {
                return false;
            }

            captures[slot--] = new System.Range(valueStart, end);
            end = nextEnd;
            i -= 2;
        }

        return end == start;
    }

    private static bool Accepts(RouteConstraint[] constraints, ReadOnlySpan<char> value)
    {
        for (var i = 0; i < constraints.Length; i++)
        {
            if (!constraints[i].Match(value))
            {
                return false;
            }
        }

        return true;
    }

    private static int ConstraintCount(RouteNode node) => node.Parts.Sum(static p => p.Constraints.Length);

    private static int LiteralLength(RouteNode node)
    {
        var length = 0;
        foreach (var part in node.Parts)
        {
            if (part.Kind == RouteSegmentKind.Literal)
            {
                length += part.Text.Length;
            }
        }

        return length;
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
