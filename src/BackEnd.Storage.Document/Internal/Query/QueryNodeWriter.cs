using System.Text;

namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>
/// Walks a <see cref="QueryNode"/> tree for every engine: the boolean structure (AND, OR, grouping) is written here once, and each
/// engine writes only what differs: its negation, constants and the leaves (comparisons, text matching, arrays).
/// </summary>
/// <remarks><c>root</c> names what paths start from: the document, or an array element inside <see cref="AnyNode"/>.</remarks>
internal abstract class QueryNodeWriter
{
    protected StringBuilder Text { get; } = new();

    protected void Write(QueryNode node, string root)
    {
        switch (node)
        {
            case AndNode and:
                Binary(and.Left, " AND ", and.Right, root);
                break;
            case OrNode or:
                Binary(or.Left, " OR ", or.Right, root);
                break;
            case NotNode not:
                WriteNot(not.Operand, root);
                break;
            case ConstantNode constant:
                WriteConstant(constant.Value);
                break;
            case CompareNode compare:
                WriteCompare(compare, root);
                break;
            case TextNode text:
                WriteText(text, root);
                break;
            case ArrayContainsNode contains:
                WriteArrayContains(contains, root);
                break;
            case AnyNode any:
                WriteAny(any, root);
                break;
            default:
                throw new NotSupportedException($"The query node {node.GetType().Name} has no {GetType().Name} form.");
        }
    }

    /// <summary>Writes C#'s <c>!operand</c>: true exactly when the operand is not true.</summary>
    protected abstract void WriteNot(QueryNode operand, string root);

    protected abstract void WriteConstant(bool value);

    /// <summary>Writes a comparison with C#'s lifted meaning (ordering with null is false; <c>!=</c> a value is true for null).</summary>
    protected abstract void WriteCompare(CompareNode compare, string root);

    /// <summary>Writes ordinal (or ordinal-ignore-case) text matching in which the value is data, never pattern syntax.</summary>
    protected abstract void WriteText(TextNode text, string root);

    protected abstract void WriteArrayContains(ArrayContainsNode contains, string root);

    /// <summary>Writes "the array has an element" or "an element matches"; element paths start from the element.</summary>
    protected abstract void WriteAny(AnyNode any, string root);

    private void Binary(QueryNode left, string op, QueryNode right, string root)
    {
        Text.Append('(');
        Write(left, root);
        Text.Append(op);
        Write(right, root);
        Text.Append(')');
    }
}
