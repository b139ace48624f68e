using System.Globalization;
using System.Text;
using System.Text.Json;
using BackEnd.Storage.Document.Internal.Query;
using Npgsql;
using NpgsqlTypes;

namespace BackEnd.Storage.Document.Internal.Postgres;

/// <summary>
/// Renders a <see cref="QueryNode"/> as a jsonb predicate with C# meaning over the <c>data</c> column (the query view). Every value is a
/// bound parameter; only JSON member names (from the document type, not from users) are written, as escaped SQL literals, because an
/// expression index matches only literal paths.
/// </summary>
/// <remarks>
/// SQL's NULL stands for C#'s false: AND and OR keep that reading, and NOT is written <c>IS NOT TRUE</c>, so <c>!(x.N &gt; 3)</c> is true
/// for a null <c>N</c> as in C#. Each member is read through one canonical expression per kind (<c>Scalar</c>), which
/// <c>EnsureIndexAsync</c> also indexes, so the planner can match the two.
/// </remarks>
internal sealed class PostgresSqlWriter : QueryNodeWriter
{
    public const string DocumentRoot = "data";

    private readonly IList<NpgsqlParameter> _parameters;
    private readonly string? _upperCollation;
    private int _aliases;

    private PostgresSqlWriter(IList<NpgsqlParameter> parameters, string? upperCollation)
    {
        _parameters = parameters;
        _upperCollation = upperCollation;
    }

    /// <summary>Writes a predicate, adding its values to <paramref name="parameters"/> (positional: <c>$1</c> is the first).</summary>
    /// <param name="node">The predicate.</param>
    /// <param name="parameters">The statement's parameters so far.</param>
    /// <param name="upperCollation">A collation whose <c>upper()</c> maps case as .NET's invariant culture does, or null when the server has none.</param>
    public static string Write(QueryNode node, IList<NpgsqlParameter> parameters, string? upperCollation)
    {
        var writer = new PostgresSqlWriter(parameters, upperCollation);
        writer.Write(node, DocumentRoot);
        return writer.Text.ToString();
    }

    /// <summary>The canonical SQL for a member as a comparable scalar: numbers as <c>numeric</c>, text in the "C" (ordinal) collation.</summary>
    public static string Scalar(FieldPath path, string root = DocumentRoot) => Scalar(path, path.Kind, root);

    /// <summary>The member as jsonb (for containment, arrays and ordering of non-scalars).</summary>
    public static string Json(FieldPath path, string root)
    {
        var builder = new StringBuilder("(").Append(root);
        foreach (var segment in path.Segments)
        {
            builder.Append(" -> ").Append(Literal(segment, path));
        }

        return builder.Append(')').ToString();
    }

    /// <summary>An ORDER BY term with C#'s placement of nulls: first when ascending, last when descending.</summary>
    public static string OrderTerm(OrderKey key)
    {
        var expression = key.Path.Kind == ScalarKind.Other ? Json(key.Path, DocumentRoot) : Scalar(key.Path);
        return expression + (key.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST");
    }

    /// <summary>Escapes a LIKE pattern's metacharacters (<c>\</c> is PostgreSQL's default LIKE escape).</summary>
    public static string EscapeLike(string value)
        => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    protected override void WriteNot(QueryNode operand, string root)
    {
        Text.Append("((");
        Write(operand, root);
        Text.Append(") IS NOT TRUE)");
    }

    protected override void WriteConstant(bool value) => Text.Append(value ? "TRUE" : "FALSE");

    protected override void WriteCompare(CompareNode compare, string root)
    {
        if (compare.Value is null)
        {
            // Missing members and JSON null both read as SQL NULL through ->>.
            Text.Append('(').Append(Raw(compare.Path, root)).Append(compare.Operator == CompareOperator.Equal ? " IS NULL)" : " IS NOT NULL)");
            return;
        }

        var kind = KindOf(compare.Value);
        var expression = Scalar(compare.Path, kind, root);
        var parameter = Parameter(compare.Value, kind);
        var op = compare.Operator switch
        {
            CompareOperator.Equal => "=",
            CompareOperator.NotEqual => "<>",
            CompareOperator.LessThan => "<",
            CompareOperator.LessThanOrEqual => "<=",
            CompareOperator.GreaterThan => ">",
            _ => ">=",
        };

        if (compare.Operator == CompareOperator.NotEqual)
        {
            // C#: null != "x" is true.
            Text.Append('(').Append(expression).Append(" IS NULL OR ").Append(expression).Append(" <> ").Append(parameter).Append(')');
            return;
        }

        Text.Append('(').Append(expression).Append(' ').Append(op).Append(' ').Append(parameter).Append(')');
    }

    protected override void WriteText(TextNode text, string root)
    {
        var value = text.Value;
        string subject;
        if (text.IgnoreCase)
        {
            value = value.ToUpperInvariant();
            if (_upperCollation is null && !value.All(char.IsAscii))
            {
                throw new NotSupportedException(
                    $"The server has no collation whose upper() maps non-ASCII letters as .NET does, so '{text.Path.Display}' cannot be matched ignoring case with '{text.Value}'.");
            }

            subject = "upper(" + Raw(text.Path, root) + " COLLATE \"" + (_upperCollation ?? "C") + "\")";
        }
        else
        {
            subject = Scalar(text.Path, ScalarKind.Text, root);
        }

        var (op, pattern) = text.Operator switch
        {
            TextOperator.Equals => ("=", value),
            TextOperator.StartsWith => ("LIKE", EscapeLike(value) + "%"),
            TextOperator.EndsWith => ("LIKE", "%" + EscapeLike(value)),
            _ => ("LIKE", "%" + EscapeLike(value) + "%"),
        };

        Text.Append('(').Append(subject).Append(' ').Append(op).Append(' ').Append(Parameter(pattern, ScalarKind.Text)).Append(')');
    }

    protected override void WriteArrayContains(ArrayContainsNode contains, string root)
    {
        var element = JsonSerializer.Serialize(new[] { contains.Value });
        _parameters.Add(new NpgsqlParameter { Value = element, NpgsqlDbType = NpgsqlDbType.Jsonb });
        Text.Append('(').Append(Json(contains.Path, root)).Append(" @> $").Append(_parameters.Count.ToString(CultureInfo.InvariantCulture)).Append(')');
    }

    protected override void WriteAny(AnyNode any, string root)
    {
        var array = Json(any.Path, root);
        var guarded = "CASE WHEN jsonb_typeof(" + array + ") = 'array' THEN " + array + " END";
        if (any.Element is null)
        {
            Text.Append("(COALESCE(jsonb_array_length(").Append(guarded).Append("), 0) > 0)");
            return;
        }

        var alias = "e" + (++_aliases).ToString(CultureInfo.InvariantCulture);
        Text.Append("(EXISTS (SELECT 1 FROM jsonb_array_elements(").Append(guarded).Append(") AS ").Append(alias).Append("(v) WHERE ");
        Write(any.Element, alias + ".v");
        Text.Append("))");
    }

    private static ScalarKind KindOf(object value) => value switch
    {
        string => ScalarKind.Text,
        bool => ScalarKind.Boolean,
        _ => ScalarKind.Number,
    };

    private static string Scalar(FieldPath path, ScalarKind kind, string root) => kind switch
    {
        ScalarKind.Number => "(" + Raw(path, root) + "::numeric)",
        ScalarKind.Text => "(" + Raw(path, root) + " COLLATE \"C\")",
        ScalarKind.Boolean => "(" + Raw(path, root) + "::boolean)",
        _ => Raw(path, root),
    };

    /// <summary>The member as text (SQL NULL when missing or JSON null).</summary>
    private static string Raw(FieldPath path, string root)
    {
        if (path.Segments.Count == 0)
        {
            return "(" + root + " #>> '{}')";
        }

        var builder = new StringBuilder("(").Append(root);
        for (var i = 0; i < path.Segments.Count; i++)
        {
            builder.Append(i == path.Segments.Count - 1 ? " ->> " : " -> ").Append(Literal(path.Segments[i], path));
        }

        return builder.Append(')').ToString();
    }

    private static string Literal(string segment, FieldPath path)
    {
        if (segment.Contains('\0', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"The member '{path.Display}' has a JSON name with a NUL character, which PostgreSQL cannot name.");
        }

        // standard_conforming_strings is on (PostgreSQL's default since 9.1): only the quote needs doubling.
        return "'" + segment.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Adds the parameters <see cref="Write"/> would add for a tree of AND, OR, NOT and comparisons, in the same order, and records each
    /// comparison's value kind in <paramref name="variant"/> (two bits each from <paramref name="shift"/>; 0 for null, which has no parameter), which with the tree's shape
    /// fixes the text Write produces.
    /// </summary>
    /// <returns>False for any other node or more comparisons than the variant holds: such a predicate is written in full.</returns>
    public static bool TryParameters(QueryNode node, IList<NpgsqlParameter> parameters, ref long variant, ref int shift)
    {
        switch (node)
        {
            case AndNode and:
                return TryParameters(and.Left, parameters, ref variant, ref shift) && TryParameters(and.Right, parameters, ref variant, ref shift);
            case OrNode or:
                return TryParameters(or.Left, parameters, ref variant, ref shift) && TryParameters(or.Right, parameters, ref variant, ref shift);
            case NotNode not:
                return TryParameters(not.Operand, parameters, ref variant, ref shift);
            case CompareNode compare when shift <= 62:
                long kind = 0;
                if (compare.Value is { } value)
                {
                    kind = (long)KindOf(value);
                    parameters.Add(NewParameter(value));
                }

                variant |= kind << shift;
                shift += 2;
                return true;
            default:
                return false;
        }
    }

    private static NpgsqlParameter NewParameter(object value) => value switch
    {
        string s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Text },
        bool b => new NpgsqlParameter { Value = b, NpgsqlDbType = NpgsqlDbType.Boolean },
        // Numbers travel as their exact decimal text and are cast on the server: doubles beyond decimal's range stay exact too.
        long l => new NpgsqlParameter { Value = l.ToString(CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text },
        decimal d => new NpgsqlParameter { Value = d.ToString(CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text },
        double d => new NpgsqlParameter { Value = d.ToString("R", CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlDbType.Text },
        _ => throw new NotSupportedException($"A {value.GetType().Name} value cannot be compared in a query."),
    };

    private string Parameter(object value, ScalarKind kind)
    {
        _parameters.Add(NewParameter(value));
        var placeholder = "$" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        return kind == ScalarKind.Number ? "(" + placeholder + "::numeric)" : placeholder;
    }
}
