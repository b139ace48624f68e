namespace BackEnd.Storage.Document.Internal.Query;

/// <summary>A path of JSON member names from the document (or from an array element when <see cref="Segments"/> is empty: the element itself).</summary>
/// <param name="Segments">The JSON member names.</param>
/// <param name="Kind">What the leaf holds, which tells an engine how to compare and sort it.</param>
/// <param name="Display">The C# member chain, for error messages.</param>
internal sealed record FieldPath(IReadOnlyList<string> Segments, ScalarKind Kind, string Display)
{
    public string Key => string.Join('\u001f', Segments);
}
