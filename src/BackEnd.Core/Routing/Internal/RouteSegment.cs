namespace BackEnd.Routing.Internal;

/// <summary>One segment of a parsed route template.</summary>
internal sealed class RouteSegment
{
    public required RouteSegmentKind Kind { get; init; }

    /// <summary>Gets the literal text, the parameter name, or (complex segments) the segment as written.</summary>
    public required string Text { get; init; }

    public RouteConstraint[] Constraints { get; init; } = [];

    /// <summary>Gets a normalised text of the constraints; parameters with equal keys share one trie node.</summary>
    public string ConstraintKey { get; init; } = string.Empty;

    public bool IsOptional { get; init; }

    public string? DefaultValue { get; init; }

    /// <summary>Gets the parts of a complex segment: literals and parameters, never two parameters side by side.</summary>
    public RouteSegment[] Parts { get; init; } = [];

    /// <summary>Gets the names of the parameters this segment captures, in path order.</summary>
    public IEnumerable<string> ParameterNames => Kind switch
    {
        RouteSegmentKind.Literal => [],
        RouteSegmentKind.Complex => Parts.Where(static p => p.Kind != RouteSegmentKind.Literal).Select(static p => p.Text),
        _ => [Text],
    };
}
