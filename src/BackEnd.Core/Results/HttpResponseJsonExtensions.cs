using BackEnd.HttpResults.Internal;

namespace BackEnd.Http;

/// <summary>Writes JSON to a response with the application's <see cref="HttpResults.JsonOptions"/>.</summary>
public static class HttpResponseJsonExtensions
{
    /// <summary>Writes the value as JSON with <c>Content-Type: application/json; charset=utf-8</c> and a <c>Content-Length</c>.</summary>
    /// <typeparam name="T">The value type; its metadata comes from the configured JSON options (source-generated contexts first).</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the body is written.</returns>
    public static ValueTask WriteAsJsonAsync<T>(this HttpResponse response, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        return ResponseWriter.WriteJsonAsync(response.HttpContext, value, response.StatusCode, null);
    }
}
