using System.Text;
using System.Text.RegularExpressions;
using BackEnd.Storage.Document.Internal.Query;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.LiteDb;

/// <summary>
/// Renders a <see cref="QueryNode"/> as a LiteDB expression with C# meaning. Values are always parameters; text matching uses
/// <c>IS_MATCH</c> over an escaped literal (never <c>LIKE</c>, whose unescaped patterns can hang), ordering comparisons exclude nulls,
/// and case-insensitive matching compares <c>UPPER</c> (invariant) forms, which is how ordinal-ignore-case compares.
/// </summary>
internal sealed class LiteDbExpressionWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<BsonValue> _arguments = [];

    public static BsonExpression Write(QueryNode node)
    {
        var writer = new LiteDbExpressionWriter();
        writer.Node(node, "$.d");
        return BsonExpression.Create(writer._text.ToString(), [.. writer._arguments]);
    }

    public static string PathOf(FieldPath path, string root = "$.d")
    {
        var builder = new StringBuilder(root);
        foreach (var segment in path.Segments)
        {
            if (segment.Length == 0 || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(segment[0]))
            {
                throw new NotSupportedException(
                    $"The member '{path.Display}' has the JSON name '{segment}', which a LiteDB query path cannot name; rename it with [JsonPropertyName].");
            }

            builder.Append('.').Append(segment);
        }

        return builder.ToString();
    }

    public static BsonValue ToBson(object? value) => value switch
    {
        null => BsonValue.Null,
        bool b => new BsonValue(b),
        long l => new BsonValue(l),
        decimal d => new BsonValue(d),
        double d => new BsonValue(d),
        string s => new BsonValue(s),
        _ => throw new NotSupportedException($"A {value.GetType().Name} value cannot be compared in a query."),
    };

    private string Argument(object? value)
    {
        _arguments.Add(ToBson(value));
        return "@" + (_arguments.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Node(QueryNode node, string root)
    {
        switch (node)
        {
            case AndNode and:
                _text.Append('(');
                Node(and.Left, root);
                _text.Append(" AND ");
                Node(and.Right, root);
                _text.Append(')');
                break;
            case OrNode or:
                _text.Append('(');
                Node(or.Left, root);
                _text.Append(" OR ");
                Node(or.Right, root);
                _text.Append(')');
                break;
            case NotNode not:
                _text.Append("((");
                Node(not.Operand, root);
                _text.Append(") = false)");
                break;
            case ConstantNode constant:
                _text.Append(constant.Value ? "true" : "false");
                break;
            case CompareNode compare:
                Compare(compare, root);
                break;
            case TextNode text:
                Text(text, root);
                break;
            case ArrayContainsNode contains:
                _text.Append('(').Append(PathOf(contains.Path, root)).Append("[*] ANY = ").Append(Argument(contains.Value)).Append(')');
                break;
            case AnyNode any:
                var path = PathOf(any.Path, root);
                if (any.Element is null)
                {
                    _text.Append("(COUNT(").Append(path).Append("[*]) > 0)");
                }
                else
                {
                    _text.Append("(COUNT(").Append(path).Append('[');
                    Node(any.Element, "@");
                    _text.Append("]) > 0)");
                }

                break;
            default:
                throw new NotSupportedException($"The query node {node.GetType().Name} has no LiteDB form.");
        }
    }

    private void Compare(CompareNode compare, string root)
    {
        var path = PathOf(compare.Path, root);
        var op = compare.Operator switch
        {
            CompareOperator.Equal => "=",
            CompareOperator.NotEqual => "!=",
            CompareOperator.LessThan => "<",
            CompareOperator.LessThanOrEqual => "<=",
            CompareOperator.GreaterThan => ">",
            _ => ">=",
        };

        if (compare.Operator is CompareOperator.Equal or CompareOperator.NotEqual)
        {
            _text.Append('(').Append(path).Append(' ').Append(op).Append(' ').Append(compare.Value is null ? "null" : Argument(compare.Value)).Append(')');
            return;
        }

        // LiteDB orders null below every value; C# lifts: a comparison with null is false.
        _text.Append('(').Append(path).Append(" != null AND ").Append(path).Append(' ').Append(op).Append(' ').Append(Argument(compare.Value)).Append(')');
    }

    private void Text(TextNode text, string root)
    {
        var path = PathOf(text.Path, root);
        var value = text.IgnoreCase ? text.Value.ToUpperInvariant() : text.Value;
        var escaped = Regex.Escape(value);
        var pattern = text.Operator switch
        {
            TextOperator.Equals => @"\A" + escaped + @"\z",
            TextOperator.StartsWith => @"\A" + escaped,
            TextOperator.EndsWith => escaped + @"\z",
            _ => escaped,
        };

        var subject = text.IgnoreCase ? "UPPER(" + path + ")" : path;
        _text.Append('(').Append(path).Append(" != null AND IS_MATCH(").Append(subject).Append(", ").Append(Argument(pattern)).Append("))");
    }
}
