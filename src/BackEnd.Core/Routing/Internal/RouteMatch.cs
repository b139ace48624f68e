namespace BackEnd.Routing.Internal;

/// <summary>The result of matching one path: a value type, so matching allocates nothing.</summary>
internal struct RouteMatch
{
    public RouteCandidate? Candidate;

    public CaptureBuffer Captures;

    /// <summary>Whether some route matched the path but not the method.</summary>
    public bool PathMatched;

    /// <summary>Gets the value of a capture, decoding an encoded <c>/</c> that the server left in the segment.</summary>
    public readonly string GetValue(string path, int index)
    {
        var (offset, length) = Captures[index].GetOffsetAndLength(path.Length);
        var span = path.AsSpan(offset, length);
        return span.Contains('%') ? DecodeSlashes(span) : new string(span);
    }

    private static string DecodeSlashes(ReadOnlySpan<char> span) =>
        span.ToString().Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
