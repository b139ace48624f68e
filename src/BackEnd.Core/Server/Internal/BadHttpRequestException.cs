namespace BackEnd.Server.Internal;

/// <summary>A request the server refuses; carries the status to answer with. The connection is always closed afterwards.</summary>
internal sealed class BadHttpRequestException : Exception
{
    public BadHttpRequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public BadHttpRequestException()
        : this(400, "Bad request.")
    {
    }

    public BadHttpRequestException(string message)
        : this(400, message)
    {
    }

    public BadHttpRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public int StatusCode { get; }
}
