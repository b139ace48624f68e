namespace BackEnd.Routing.Internal.Binding;

/// <summary>What the headers alone say about a request body, before a byte of it is read.</summary>
internal enum BodyCheck
{
    /// <summary>A body of an accepted media type within the size limit (or of unknown, chunked length).</summary>
    Read,

    /// <summary>No body: no <c>Content-Length</c> above zero and no <c>Transfer-Encoding</c>.</summary>
    Absent,

    /// <summary>A body whose <c>Content-Type</c> is not accepted: 415.</summary>
    UnsupportedMediaType,

    /// <summary>A <c>Content-Length</c> over the limit: 413.</summary>
    TooLarge,
}
