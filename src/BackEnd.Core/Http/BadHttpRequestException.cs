namespace BackEnd.Http;

/// <summary>
/// A request the server refuses as malformed (a broken chunked body, a body over the size limit, a client too slow to send
/// it). Reading <see cref="HttpRequest.Body"/> or <see cref="HttpRequest.BodyReader"/> throws it; the server then always
/// answers with a problem of <see cref="StatusCode"/> and <c>Connection: close</c> (or aborts the connection when the
/// response has already started), even when the application catches it, because the rest of the connection's bytes can no
/// longer be framed.
/// </summary>
public sealed class BadHttpRequestException : Exception
{
    /// <summary>Initializes a new instance with status 400 and a generic message.</summary>
    public BadHttpRequestException()
        : this(400, "Bad request.")
    {
    }

    /// <summary>Initializes a new instance with status 400.</summary>
    /// <param name="message">What is wrong with the request.</param>
    public BadHttpRequestException(string message)
        : this(400, message)
    {
    }

    /// <summary>Initializes a new instance with status 400 and the failure that revealed it.</summary>
    /// <param name="message">What is wrong with the request.</param>
    /// <param name="innerException">The failure that revealed it.</param>
    public BadHttpRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>Initializes a new instance with the status to answer with.</summary>
    /// <param name="statusCode">A 4xx or 5xx status code, such as 400, 408, 413 or 431.</param>
    /// <param name="message">What is wrong with the request.</param>
    public BadHttpRequestException(int statusCode, string message)
        : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        StatusCode = statusCode;
    }

    /// <summary>Gets the status code the server answers with.</summary>
    public int StatusCode { get; }
}
