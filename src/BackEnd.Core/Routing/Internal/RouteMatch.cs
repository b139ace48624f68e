namespace BackEnd.Routing.Internal;

/// <summary>The result of matching one path: a value type, so matching allocates nothing.</summary>
internal struct RouteMatch
{
    public RouteCandidate? Candidate;

    public CaptureBuffer Captures;

    /// <summary>Whether some route matched the path but not the method.</summary>
    public bool PathMatched;

    /// <summary>
    /// Gets the value of a capture exactly as it stands in the path, which the server decoded once. An encoded
    /// <c>/</c> stays <c>%2F</c>, as in ASP.NET Core: decoding it here would decode <c>%252F</c> twice and hand a
    /// single-segment parameter a value with a slash (<c>..%2F..%2Fetc</c> becoming a traversal).
    /// </summary>
    public readonly string GetValue(string path, int index)
    {
        var (offset, length) = Captures[index].GetOffsetAndLength(path.Length);
        return path.Substring(offset, length);
    }
}
