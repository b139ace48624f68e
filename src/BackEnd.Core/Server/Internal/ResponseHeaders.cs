using Microsoft.Extensions.Primitives;

namespace BackEnd.Server.Internal;

/// <summary>Response header fields; read-only once the response has started.</summary>
internal sealed class ResponseHeaders : HeaderDictionary
{
    /// <summary>Gets the fields other than <c>Content-Length</c>, for the writer to enumerate without allocating.</summary>
    public Dictionary<string, StringValues> Fields => RawStore;

    public void MakeReadOnly() => IsReadOnly = true;
}
