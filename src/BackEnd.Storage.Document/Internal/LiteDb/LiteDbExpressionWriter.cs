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
internal sealed class LiteDbExpressionWriter : QueryNodeWriter
{
    private readonly List<BsonValue> _arguments = [];
    private readonly string? _keyIdName;

    private LiteDbExpressionWriter(string? keyIdName) => _keyIdName = keyIdName;

    /// <summary>Writes a predicate over the records' views; the id member (<see cref="CollectionInfo.KeyIdName"/>) is read from <c>_id</c>.</summary>
    public static BsonExpression Create(QueryNode node, string? keyIdName)
    {
        var writer = new LiteDbExpressionWriter(keyIdName);
        writer.Write(node, "$.d");
        var parameters = new BsonDocument();
        for (var i = 0; i < writer._arguments.Count; i++)
        {
            parameters[ArgumentName(i)] = writer._arguments[i];
        }

        return BsonExpression.Create(writer.Text.ToString(), parameters);
    }

    /// <summary>
    /// Adds the arguments <see cref="Create"/> would bind for a tree of AND, OR, NOT, constants and comparisons with values, in the same
    /// order: with the tree's shape they are all that differs between two calls of one planned predicate, whose text is then the same.
    /// </summary>
    /// <returns>False for any other node (a null value writes <c>null</c> into the text): such a predicate is written in full.</returns>
    public static bool TryArguments(QueryNode node, List<BsonValue> arguments) => node switch
    {
        AndNode and => TryArguments(and.Left, arguments) && TryArguments(and.Right, arguments),
        OrNode or => TryArguments(or.Left, arguments) && TryArguments(or.Right, arguments),
        NotNode not => TryArguments(not.Operand, arguments),
        ConstantNode => true,
        CompareNode { Value: { } value } => Add(arguments, ToBson(value)),
        _ => false,
    };

    /// <summary>Gets the name <see cref="Create"/> gives argument <paramref name="index"/> (<c>p0</c>, <c>p1</c>, …).</summary>
    public static string ArgumentName(int index) => index < ArgumentNames.Length ? ArgumentNames[index] : "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] ArgumentNames = [.. Enumerable.Range(0, 16).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static bool Add(List<BsonValue> arguments, BsonValue value)
    {
        arguments.Add(value);
        return true;
    }

    /// <summary>The LiteDB path of a member; the id member of a view that leaves it to the key (<paramref name="keyIdName"/>) is <c>$._id</c>.</summary>
    public static string PathOf(FieldPath path, string root = "$.d", string? keyIdName = null)
    {
        if (keyIdName is not null && root == "$.d" && path.Segments is [var only] && only == keyIdName)
        {
            return "$._id";
        }

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

    private string Argument(object? value, string root)
    {
        if (root != "$.d")
        {
            // LiteDB binds parameters inside an array filter when it first parses (and caches) the text, so a later query with the
            // same text would reuse old values: inside Any, values are written as JSON literals (escaped by System.Text.Json) instead.
            return value switch
            {
                null => "null",
                bool b => b ? "true" : "false",
                long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
                decimal d => "DECIMAL('" + d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "')",
                double d => "DOUBLE('" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "')",
                string s => System.Text.Json.JsonSerializer.Serialize(s),
                _ => throw new NotSupportedException($"A {value.GetType().Name} value cannot be compared in a query."),
            };
        }

        _arguments.Add(ToBson(value));
        return "@" + ArgumentName(_arguments.Count - 1);
    }

    protected override void WriteNot(QueryNode operand, string root)
    {
        Text.Append("((");
        Write(operand, root);
        Text.Append(") = false)");
    }

    protected override void WriteConstant(bool value) => Text.Append(value ? "(1 = 1)" : "(1 = 0)");

    protected override void WriteArrayContains(ArrayContainsNode contains, string root)
        => Text.Append('(').Append(PathOf(contains.Path, root, _keyIdName)).Append("[*] ANY = ").Append(Argument(contains.Value, root)).Append(')');

    protected override void WriteAny(AnyNode any, string root)
    {
        var path = PathOf(any.Path, root, _keyIdName);
        if (any.Element is null)
        {
            Text.Append("(COUNT(").Append(path).Append("[*]) > 0)");
            return;
        }

        Text.Append("(COUNT(").Append(path).Append('[');
        Write(any.Element, "@");
        Text.Append("]) > 0)");
    }

    protected override void WriteCompare(CompareNode compare, string root)
    {
        var path = PathOf(compare.Path, root, _keyIdName);
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
            Text.Append('(').Append(path).Append(' ').Append(op).Append(' ').Append(compare.Value is null ? "null" : Argument(compare.Value, root)).Append(')');
            return;
        }

        // LiteDB orders null below every value; C# lifts: a comparison with null is false.
        Text.Append('(').Append(path).Append(" != null AND ").Append(path).Append(' ').Append(op).Append(' ').Append(Argument(compare.Value, root)).Append(')');
    }

    protected override void WriteText(TextNode text, string root)
    {
        var path = PathOf(text.Path, root, _keyIdName);
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
        Text.Append('(').Append(path).Append(" != null AND IS_MATCH(").Append(subject).Append(", ").Append(Argument(pattern, root)).Append(") = true)");
    }
}
