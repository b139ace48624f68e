namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// A predicate's translation with its values left open: the boolean structure, paths and operators of one expression shape, filled in
/// with each call's values. The same object stands for the shape wherever a translation is cached (an engine's SQL text, for one).
/// </summary>
/// <remarks>
/// Only shapes whose translation does not depend on the values are planned (comparisons of members with values, AND, OR, NOT); a value
/// that would change the structure (null) makes <see cref="Apply"/> return null, and the caller translates that call in full.
/// </remarks>
internal abstract class QueryPlan
{
    /// <summary>Builds the predicate for one call's values, or returns null when a value needs the full translation.</summary>
    public abstract QueryNode? Apply(object?[] values, DocumentMapper mapper);
}

internal sealed class FixedPlan(QueryNode node) : QueryPlan
{
    public override QueryNode? Apply(object?[] values, DocumentMapper mapper) => node;
}

internal sealed class ComparePlan(FieldPath path, CompareOperator op, Type memberType, int slot) : QueryPlan
{
    // Members the full translation refuses to compare with a value (it says why) are never answered from the plan.
    private readonly bool _refused = path.Kind == ScalarKind.Other
        || (path.Kind == ScalarKind.Boolean && op is not (CompareOperator.Equal or CompareOperator.NotEqual));

    public override QueryNode? Apply(object?[] values, DocumentMapper mapper)
        => !_refused && mapper.ToScalar(values[slot], memberType) is { } value ? new CompareNode(path, op, value) : null;
}

internal sealed class NotPlan(QueryPlan operand) : QueryPlan
{
    public override QueryNode? Apply(object?[] values, DocumentMapper mapper) => operand.Apply(values, mapper) is { } node ? new NotNode(node) : null;
}

internal sealed class BinaryPlan(QueryPlan left, QueryPlan right, bool and) : QueryPlan
{
    public override QueryNode? Apply(object?[] values, DocumentMapper mapper)
    {
        if (left.Apply(values, mapper) is not { } l || right.Apply(values, mapper) is not { } r)
        {
            return null;
        }

        return and ? new AndNode(l, r) : new OrNode(l, r);
    }
}
