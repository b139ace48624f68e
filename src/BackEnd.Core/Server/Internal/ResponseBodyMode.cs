namespace BackEnd.Server.Internal;

/// <summary>How the response body is framed on the wire.</summary>
internal enum ResponseBodyMode
{
    /// <summary>Not started: the body is buffered so a small response gets a Content-Length.</summary>
    Buffering,
    ContentLength,
    Chunked,

    /// <summary>HTTP/1.0 with an unknown length: the body ends when the connection closes.</summary>
    CloseDelimited,
}
