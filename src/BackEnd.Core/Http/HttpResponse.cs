using System.IO.Pipelines;

namespace BackEnd.Http;

/// <summary>The response side of an HTTP exchange.</summary>
public abstract class HttpResponse
{
    /// <summary>Gets the context this response belongs to.</summary>
    public abstract HttpContext HttpContext { get; }

    /// <summary>Gets or sets the status code; setting it after the response has started throws.</summary>
    /// <value>Default: 200.</value>
    public abstract int StatusCode { get; set; }

    /// <summary>Gets the response headers; changes after the response has started throw.</summary>
    public abstract IHeaderDictionary Headers { get; }

    /// <summary>Gets or sets the <c>Content-Type</c> header.</summary>
    public abstract string? ContentType { get; set; }

    /// <summary>Gets or sets the <c>Content-Length</c> header; when unset and the body is written, chunked encoding is used.</summary>
    public abstract long? ContentLength { get; set; }

    /// <summary>Gets a writer of <c>Set-Cookie</c> headers: <c>Response.Cookies.Append("id", value, new CookieOptions { HttpOnly = true })</c>.</summary>
    public ResponseCookies Cookies => new(this);

    /// <summary>Gets the response body as a stream.</summary>
    public abstract Stream Body { get; }

    /// <summary>Gets the response body as a pipe writer.</summary>
    public abstract PipeWriter BodyWriter { get; }

    /// <summary>Gets a value indicating whether the status line and headers have been sent or committed.</summary>
    public abstract bool HasStarted { get; }

    /// <summary>Registers a callback that runs just before the headers are sent.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">State passed to the callback.</param>
    public abstract void OnStarting(Func<object, Task> callback, object state);

    /// <summary>Registers a callback that runs after the response has been sent.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">State passed to the callback.</param>
    public abstract void OnCompleted(Func<object, Task> callback, object state);

    /// <summary>Commits the status line and headers.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the headers are committed.</returns>
    public abstract Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes bytes to the body, starting the response first if needed.</summary>
    /// <param name="data">The bytes to write.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the bytes are accepted.</returns>
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Completes the body: flushes what is buffered and writes the final chunk when chunked.</summary>
    /// <returns>A task that completes when the response is complete.</returns>
    public abstract Task CompleteAsync();
}
