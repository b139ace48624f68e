namespace BackEnd.Server.Internal;

/// <summary>How the length of a request body is known (RFC 9112 section 6.3).</summary>
internal enum BodyKind
{
    None,
    ContentLength,
    Chunked,
}
