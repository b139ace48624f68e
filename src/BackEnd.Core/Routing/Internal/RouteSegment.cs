namespace BackEnd.Routing.Internal;

/// <summary>One segment of a parsed route template.</summary>
internal sealed class RouteSegment
{
    public required RouteSegmentKind Kind { get; init; }

    /// <summary>Gets the literal text, or the parameter name.</summary>
    public required string Text { get; init; }

    public RouteConstraint[] Constraints { get; init; } = [];

    /// <summary>Gets a normalised text of the constraints; parameters with equal keys share one trie node.</summary>
    public string ConstraintKey { get; init; } = string.Empty;

    public bool IsOptional { get; init; }

    public string? DefaultValue { get; init; }
}
