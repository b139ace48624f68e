using System.Linq.Expressions;

namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// What is kept per predicate shape: its plan, and per value a reader compiled once from the value's expression (a constant, a captured
/// variable, a member chain read from either or from a static member). A call of a known shape reads its values through these readers
/// from its own tree's roots, so no reflection runs per call and two calls never share values.
/// </summary>
internal sealed class PlannedShape
{
    // Null for a value that is itself a constant: its root is the value.
    private readonly Func<object?, object?>?[] _readers;

    private PlannedShape(QueryPlan plan, Func<object?, object?>?[] readers)
    {
        Plan = plan;
        _readers = readers;
    }

    public QueryPlan Plan { get; }

    public int Count => _readers.Length;

    /// <summary>Compiles the readers of one shape's values, in <see cref="ExpressionTranslator"/>'s slot order.</summary>
    public static PlannedShape Create(QueryPlan plan, IReadOnlyList<Expression> slots)
    {
        var readers = new Func<object?, object?>?[slots.Count];
        for (var i = 0; i < readers.Length; i++)
        {
            if (slots[i] is ConstantExpression)
            {
                continue;
            }

            // The chain's one constant (the closure, or a constant object) becomes the parameter; a static chain ignores it.
            var root = Expression.Parameter(typeof(object), "root");
            var body = new RootReplacer(root).Visit(slots[i]);
            readers[i] = Expression.Lambda<Func<object?, object?>>(Expression.Convert(body, typeof(object)), root).Compile();
        }

        return new PlannedShape(plan, readers);
    }

    /// <summary>Reads value <paramref name="slot"/> of a call whose tree has this shape, from that tree's own expression.</summary>
    public object? Read(int slot, Expression value) => _readers[slot] is { } reader ? reader(Root(value)) : ((ConstantExpression)value).Value;

    /// <summary>The constant at the bottom of a value's member chain (null for a chain that starts at a static member).</summary>
    private static object? Root(Expression value)
    {
        var current = value;
        while (true)
        {
            switch (current)
            {
                case MemberExpression { Expression: { } owner }:
                    current = owner;
                    continue;
                case UnaryExpression convert:
                    current = convert.Operand;
                    continue;
                case ConstantExpression constant:
                    return constant.Value;
                default:
                    return null;
            }
        }
    }

    private sealed class RootReplacer(ParameterExpression root) : ExpressionVisitor
    {
        protected override Expression VisitConstant(ConstantExpression node) => Expression.Convert(root, node.Type);
    }
}
