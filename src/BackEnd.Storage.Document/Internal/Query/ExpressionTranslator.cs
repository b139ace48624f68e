using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// Turns a LINQ predicate over a document into a <see cref="QueryNode"/> with C# meaning (see DESIGN "Document queries"); anything else
/// throws <see cref="NotSupportedException"/> naming the expression. Sub-expressions without the document are evaluated first.
/// </summary>
internal sealed class ExpressionTranslator
{
    private readonly DocumentMapper _mapper;

    public ExpressionTranslator(DocumentMapper mapper) => _mapper = mapper;

    public QueryNode Translate(LambdaExpression predicate) => Translate(predicate, out _);

    /// <summary>
    /// Translates a predicate, reusing the plan of an earlier predicate of the same shape (same members, operators and structure; other
    /// values): a lambda written once in the code and called with new captured values is translated once. <paramref name="plan"/> is that
    /// shape's plan, or null when the predicate was translated in full.
    /// </summary>
    public QueryNode Translate(LambdaExpression predicate, out QueryPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Translate(predicate.Body, predicate.Parameters[0], out plan);
    }

    /// <summary>Translates a predicate's body over the document <paramref name="x"/>, as <see cref="Translate(LambdaExpression, out QueryPlan?)"/> does.</summary>
    public QueryNode Translate(Expression body, ParameterExpression x, out QueryPlan? plan)
    {

        // The key and the value list are the thread's own, taken for this call (a nested call on the thread makes new ones): a lookup of
        // a known shape then allocates only its values.
        var key = t_key ?? new StringBuilder(256);
        var slots = t_slots ?? new List<Expression>(4);
        t_key = null;
        t_slots = null;
        key.Clear();
        slots.Clear();
        plan = null;
        try
        {
            if (!Shape(body, x, key, slots))
            {
                return Predicate(body, x);
            }

            return Planned(body, x, key, slots, out plan);
        }
        finally
        {
            if (key.Capacity <= 1024)
            {
                t_key = key;
            }

            slots.Clear();
            t_slots = slots;
        }
    }

    [ThreadStatic]
    private static StringBuilder? t_key;

    [ThreadStatic]
    private static List<Expression>? t_slots;

    private QueryNode Planned(Expression body, ParameterExpression x, StringBuilder key, List<Expression> slots, out QueryPlan? plan)
    {
        plan = null;
        var values = new object?[slots.Count];
        if (TryGetShape(key, out var cached))
        {
            // A known shape: each value read from this call's tree by the shape's compiled reader (no reflection, nothing compiled).
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = cached.Read(i, slots[i]);
            }

            if (cached.Plan.Apply(values, _mapper) is { } node)
            {
                plan = cached.Plan;
                return node;
            }

            return Predicate(body, x);
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Evaluate(slots[i]);
        }

        // The full translation first: it rejects what cannot be translated, so only valid shapes are planned.
        var translated = Predicate(body, x);
        if (Array.TrueForAll(values, v => v is not null))
        {
            var slot = 0;
            plan = Plan(body, x, ref slot);
            _mapper.Shapes.Add(key.ToString(), PlannedShape.Create(plan, slots));
        }

        return translated;
    }

    private bool TryGetShape(StringBuilder key, out PlannedShape cached)
    {
        ReadOnlyMemory<char> single = default;
        var chunks = 0;
        foreach (var chunk in key.GetChunks())
        {
            single = chunk;
            chunks++;
        }

        return chunks == 1 ? _mapper.Shapes.TryGet(single.Span, out cached) : _mapper.Shapes.TryGet(key.ToString(), out cached);
    }

    public FieldPath Field(LambdaExpression selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Path(StripConvert(selector.Body), selector.Parameters[0])
            ?? throw Unsupported(selector.Body, "it is not a member of the document");
    }

    private static NotSupportedException Unsupported(Expression expression, string why)
        => new($"The expression '{expression}' cannot be translated to a document query: {why}.");

    private static Expression StripConvert(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary)
        {
            expression = unary.Operand;
        }

        return expression;
    }

    private static bool Uses(Expression expression, ParameterExpression parameter)
    {
        var finder = new ParameterFinder(parameter);
        finder.Visit(expression);
        return finder.Found;
    }

    private static object? Evaluate(Expression expression)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression { Member: FieldInfo field, Expression: var target }:
                return field.GetValue(target is null ? null : Evaluate(target));
            case MemberExpression { Member: PropertyInfo property, Expression: var target }:
                return property.GetValue(target is null ? null : Evaluate(target));
            case UnaryExpression { NodeType: ExpressionType.Convert } unary when unary.Type.IsAssignableFrom(unary.Operand.Type):
                return Evaluate(unary.Operand);
            default:
                return Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)();
        }
    }

    private QueryNode Predicate(Expression expression, ParameterExpression x)
    {
        if (!Uses(expression, x))
        {
            return Evaluate(expression) is true ? new ConstantNode(true) : new ConstantNode(false);
        }

        switch (expression)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                return new AndNode(Predicate(and.Left, x), Predicate(and.Right, x));
            case BinaryExpression { NodeType: ExpressionType.OrElse } or:
                return new OrNode(Predicate(or.Left, x), Predicate(or.Right, x));
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return new NotNode(Predicate(not.Operand, x));
            case BinaryExpression binary when IsComparison(binary.NodeType):
                return Comparison(binary, x);
            case MethodCallExpression call:
                return Method(call, x);
            case MemberExpression member when member.Type == typeof(bool) && member.Member.Name == "HasValue"
                && member.Expression is not null && Nullable.GetUnderlyingType(member.Expression.Type) is not null:
                return new CompareNode(RequirePath(member.Expression, x), CompareOperator.NotEqual, null);
            case MemberExpression member when member.Type == typeof(bool):
                return new CompareNode(RequirePath(member, x), CompareOperator.Equal, true);
            default:
                throw Unsupported(expression, "this form is not supported");
        }
    }

    private static bool IsComparison(ExpressionType type) => type is ExpressionType.Equal or ExpressionType.NotEqual
        or ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual;

    private QueryNode Comparison(BinaryExpression binary, ParameterExpression x)
    {
        var left = StripConvert(binary.Left);
        var right = StripConvert(binary.Right);
        var swapped = !Uses(left, x);
        var op = OperatorOf(binary.NodeType, swapped);
        if (swapped)
        {
            (left, right) = (right, left);
        }

        if (Uses(right, x))
        {
            throw Unsupported(binary, "both sides read the document; compare a member with a value");
        }

        // A bool member compared with a bool (x.Flag == false) or a comparison inside (x.A > 1) == false.
        if (left.Type == typeof(bool) && left is not MemberExpression && op is CompareOperator.Equal or CompareOperator.NotEqual)
        {
            var inner = Predicate(left, x);
            var wanted = Evaluate(right) is true;
            return (op == CompareOperator.Equal) == wanted ? inner : new NotNode(inner);
        }

        var path = RequirePath(left, x);
        var value = _mapper.ToScalar(Evaluate(right), left.Type);
        if (value is null && op is not (CompareOperator.Equal or CompareOperator.NotEqual))
        {
            // Lifted C# comparison with null is always false.
            return new ConstantNode(false);
        }

        if (path.Kind is ScalarKind.Other or ScalarKind.Boolean && op is not (CompareOperator.Equal or CompareOperator.NotEqual))
        {
            throw Unsupported(binary, $"a {left.Type.Name} member cannot be ordered in a query");
        }

        if (path.Kind == ScalarKind.Other && value is not null)
        {
            throw Unsupported(binary, $"a {left.Type.Name} member is not a scalar");
        }

        return new CompareNode(path, op, value);
    }

    /// <summary>The operator of a comparison, mirrored when the value is on the left (5 &lt; x.N is x.N &gt; 5).</summary>
    private static CompareOperator OperatorOf(ExpressionType type, bool swapped) => (type, swapped) switch
    {
        (ExpressionType.Equal, _) => CompareOperator.Equal,
        (ExpressionType.NotEqual, _) => CompareOperator.NotEqual,
        (ExpressionType.LessThan, false) or (ExpressionType.GreaterThan, true) => CompareOperator.LessThan,
        (ExpressionType.LessThanOrEqual, false) or (ExpressionType.GreaterThanOrEqual, true) => CompareOperator.LessThanOrEqual,
        (ExpressionType.GreaterThan, false) or (ExpressionType.LessThan, true) => CompareOperator.GreaterThan,
        _ => CompareOperator.GreaterThanOrEqual,
    };

    /// <summary>
    /// Writes the shape of a predicate the planner handles (AND, OR, NOT, bool members, and members compared with values that are
    /// constants or captured variables) into <paramref name="key"/>, and its values' expressions into <paramref name="slots"/> in order.
    /// </summary>
    /// <returns>False for any other form: such predicates are translated in full every time.</returns>
    private static bool Shape(Expression expression, ParameterExpression x, StringBuilder key, List<Expression> slots)
    {
        switch (expression)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse, Method: null } logical:
                key.Append(logical.NodeType == ExpressionType.AndAlso ? "&(" : "|(");
                if (!Shape(logical.Left, x, key, slots))
                {
                    return false;
                }

                key.Append(',');
                if (!Shape(logical.Right, x, key, slots))
                {
                    return false;
                }

                key.Append(')');
                return true;
            case UnaryExpression { NodeType: ExpressionType.Not, Method: null } not when not.Type == typeof(bool):
                key.Append('!');
                return Shape(not.Operand, x, key, slots);
            case BinaryExpression binary when IsComparison(binary.NodeType):
                key.Append('c').Append((int)binary.NodeType);
                if (PathShape(binary.Left, x, key))
                {
                    key.Append('=');
                    return ValueShape(binary.Right, key, slots);
                }

                key.Append('=');
                return ValueShape(binary.Left, key, slots) && PathShape(binary.Right, x, key);
            case MemberExpression member when member.Type == typeof(bool):
                key.Append('b');
                return PathShape(member, x, key);
            default:
                return false;
        }
    }

    /// <summary>A member chain from the document (at least one member), with its conversions.</summary>
    private static bool PathShape(Expression expression, ParameterExpression x, StringBuilder key)
    {
        var members = 0;
        var current = expression;
        while (true)
        {
            key.Append('<').Append(current.Type.TypeHandle.Value);
            if (current is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Method: null } convert)
            {
                current = convert.Operand;
            }
            else if (current is MemberExpression { Expression: { } owner } member)
            {
                // A metadata token is unique only within its module: the declaring type says which module.
                key.Append('.').Append(member.Member.DeclaringType?.TypeHandle.Value).Append('/').Append(member.Member.MetadataToken);
                members++;
                current = owner;
            }
            else
            {
                return members > 0 && current == x;
            }
        }
    }

    /// <summary>A value: a constant, or fields and properties read from a constant (a captured variable) or from a static member.</summary>
    private static bool ValueShape(Expression expression, StringBuilder key, List<Expression> slots)
    {
        var current = expression;
        while (true)
        {
            key.Append('>').Append(current.Type.TypeHandle.Value);
            switch (current)
            {
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Method: null } convert:
                    current = convert.Operand;
                    continue;
                case MemberExpression { Member: FieldInfo or PropertyInfo } member:
                    key.Append('.').Append(member.Member.DeclaringType?.TypeHandle.Value).Append('/').Append(member.Member.MetadataToken);
                    if (member.Expression is null)
                    {
                        break;
                    }

                    current = member.Expression;
                    continue;
                case ConstantExpression:
                    break;
                default:
                    return false;
            }

            slots.Add(StripConvert(expression));
            return true;
        }
    }

    /// <summary>Builds the plan of a predicate <see cref="Shape"/> accepted and <see cref="Predicate"/> translated, numbering values as Shape did.</summary>
    private QueryPlan Plan(Expression expression, ParameterExpression x, ref int slot)
    {
        switch (expression)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                var left = Plan(logical.Left, x, ref slot);
                return new BinaryPlan(left, Plan(logical.Right, x, ref slot), logical.NodeType == ExpressionType.AndAlso);
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                return new NotPlan(Plan(not.Operand, x, ref slot));
            case BinaryExpression binary:
                var swapped = !Uses(binary.Left, x);
                var member = StripConvert(swapped ? binary.Right : binary.Left);
                return new ComparePlan(RequirePath(member, x), OperatorOf(binary.NodeType, swapped), member.Type, slot++);
            default:
                return new FixedPlan(Predicate(expression, x));
        }
    }

    private QueryNode Method(MethodCallExpression call, ParameterExpression x)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(string))
        {
            return StringMethod(call, x);
        }

        if (method.Name == "Contains")
        {
            // Enumerable.Contains(source, v), MemoryExtensions.Contains(span, v) (C# 14 over arrays), list.Contains(v).
            var (source, item) = method.IsStatic ? (call.Arguments[0], call.Arguments[1]) : (call.Object!, call.Arguments[0]);
            if (method.IsStatic && call.Arguments.Count > 2)
            {
                throw Unsupported(call, "a comparer argument is not supported");
            }

            source = UnwrapSpan(source);
            if (Uses(source, x) && !Uses(item, x))
            {
                var path = RequirePath(source, x);
                var elementType = ElementType(source.Type) ?? throw Unsupported(call, "the member is not a collection");
                return new ArrayContainsNode(path with { Kind = DocumentMapper.KindOf(elementType) }, _mapper.ToScalar(Evaluate(item), elementType));
            }

            if (!Uses(source, x) && Uses(item, x))
            {
                // A captured list: x.Field is one of its values.
                var path = RequirePath(StripConvert(item), x);
                QueryNode result = new ConstantNode(false);
                if (Evaluate(source) is IEnumerable values)
                {
                    foreach (var value in values)
                    {
                        var scalar = _mapper.ToScalar(value, StripConvert(item).Type);
                        var node = new CompareNode(path, CompareOperator.Equal, scalar);
                        result = result is ConstantNode { Value: false } ? node : new OrNode(result, node);
                    }
                }

                return result;
            }

            throw Unsupported(call, "Contains must test a document collection for a value, or a value list for a document member");
        }

        if (method.DeclaringType == typeof(Enumerable) && method.Name == "Any")
        {
            var source = call.Arguments[0];
            var path = RequirePath(source, x);
            if (call.Arguments.Count == 1)
            {
                return new AnyNode(path, null);
            }

            var lambda = call.Arguments[1] as LambdaExpression
                ?? (call.Arguments[1] is UnaryExpression { Operand: LambdaExpression quoted } ? quoted : throw Unsupported(call, "Any needs a lambda"));
            var element = lambda.Parameters[0];
            if (Uses(lambda.Body, x))
            {
                throw Unsupported(call, "the element predicate must not read the outer document");
            }

            return new AnyNode(path, Predicate(lambda.Body, element));
        }

        throw Unsupported(call, $"the method {method.DeclaringType?.Name}.{method.Name} is not supported");
    }

    private QueryNode StringMethod(MethodCallExpression call, ParameterExpression x)
    {
        var method = call.Method;
        if (method.Name == nameof(string.IsNullOrEmpty) && call.Arguments.Count == 1)
        {
            var field = RequirePath(call.Arguments[0], x);
            return new OrNode(new CompareNode(field, CompareOperator.Equal, null), new CompareNode(field, CompareOperator.Equal, string.Empty));
        }

        Expression target;
        List<Expression> arguments;
        if (method.IsStatic && method.Name == nameof(string.Equals))
        {
            target = call.Arguments[0];
            arguments = [.. call.Arguments.Skip(1)];
            if (!Uses(target, x))
            {
                arguments = [target, .. arguments.Skip(1)];
                target = call.Arguments[1];
            }
        }
        else if (!method.IsStatic)
        {
            target = call.Object!;
            arguments = [.. call.Arguments];
        }
        else
        {
            throw Unsupported(call, $"string.{method.Name} is not supported");
        }

        var op = method.Name switch
        {
            nameof(string.Equals) => TextOperator.Equals,
            nameof(string.StartsWith) => TextOperator.StartsWith,
            nameof(string.EndsWith) => TextOperator.EndsWith,
            nameof(string.Contains) => TextOperator.Contains,
            _ => throw Unsupported(call, $"string.{method.Name} is not supported"),
        };

        if (arguments.Count is < 1 or > 2 || Uses(arguments[0], x))
        {
            throw Unsupported(call, "the text to match must be a value, not a document member");
        }

        var ignoreCase = false;
        if (arguments.Count == 2)
        {
            if (arguments[1].Type != typeof(StringComparison))
            {
                throw Unsupported(call, "only a StringComparison argument is supported");
            }

            ignoreCase = Evaluate(arguments[1]) switch
            {
                StringComparison.Ordinal => false,
                StringComparison.OrdinalIgnoreCase => true,
                _ => throw Unsupported(call, "culture-sensitive comparison is not supported; use Ordinal or OrdinalIgnoreCase"),
            };
        }

        var path = RequirePath(target, x);
        var value = Evaluate(arguments[0]) switch
        {
            string s => s,
            char c => c.ToString(),
            null when op == TextOperator.Equals && !ignoreCase => null,
            null => throw new ArgumentNullException(nameof(call), $"The text to match in '{call}' is null."),
            var other => throw Unsupported(call, $"the argument is a {other.GetType().Name}"),
        };

        if (value is null)
        {
            return new CompareNode(path, CompareOperator.Equal, null);
        }

        return op == TextOperator.Equals && !ignoreCase
            ? new CompareNode(path, CompareOperator.Equal, value)
            : new TextNode(path, op, value, ignoreCase);
    }

    private static Expression UnwrapSpan(Expression source)
    {
        // C# 14 binds array.Contains(v) to MemoryExtensions.Contains(ReadOnlySpan<T>, v) via an implicit conversion.
        source = StripConvert(source);
        if (source is MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } implicitCall)
        {
            return StripConvert(implicitCall.Arguments[0]);
        }

        return source;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type == typeof(string))
        {
            return null;
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private FieldPath RequirePath(Expression expression, ParameterExpression x)
        => Path(StripConvert(expression), x) ?? throw Unsupported(expression, "it is not a member of the document");

    private FieldPath? Path(Expression expression, ParameterExpression x)
    {
        var members = new List<MemberInfo>();
        var current = expression;
        while (true)
        {
            current = StripConvert(current);
            if (current is MemberExpression { Member.Name: "Value", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
            {
                current = inner;
                continue;
            }

            if (current is MemberExpression { Expression: { } owner } member)
            {
                members.Add(member.Member);
                current = owner;
                continue;
            }

            break;
        }

        if (current != x)
        {
            return null;
        }

        members.Reverse();
        List<string> segments;
        try
        {
            segments = members.Select(_mapper.JsonName).ToList();
        }
        catch (NotSupportedException exception)
        {
            throw new NotSupportedException($"The expression '{expression}' cannot be translated to a document query: {exception.Message}", exception);
        }

        return new FieldPath(segments, DocumentMapper.KindOf(expression.Type), expression.ToString());
    }

    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == parameter;
            return node;
        }
    }
}
