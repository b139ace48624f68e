using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing.Internal.Binding;
using BackEnd.Server.Internal;

namespace BackEnd.Http;

/// <summary>Reads a JSON request body with the application's <see cref="HttpResults.JsonOptions"/>.</summary>
public static class HttpRequestJsonExtensions
{
    /// <summary>
    /// Reads the body as JSON. A body that is not JSON (by <c>Content-Type</c>) is answered 415, malformed JSON or a
    /// shape that does not match <typeparamref name="T"/> 400, and a body over the size limit 413, each as a problem.
    /// </summary>
    /// <typeparam name="T">The value type; its metadata comes from the configured JSON options.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when the body is the JSON literal <c>null</c>.</returns>
    public static async ValueTask<T?> ReadFromJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!JsonBodyBinder.IsJson(request.ContentType))
        {
            throw new BadHttpRequestException(415, $"The body must be JSON (Content-Type: application/json), not '{request.ContentType}'.");
        }

        var typeInfo = (JsonTypeInfo<T>)ResponseWriter.GetJsonOptions(request.HttpContext).GetTypeInfo(typeof(T));
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
            throw new BadHttpRequestException(400, $"The JSON body is malformed or does not match the expected shape at line {(exception.LineNumber ?? 0) + 1} (path '{path}').");
        }
        catch (NotSupportedException)
        {
            throw new BadHttpRequestException(400, "The JSON body has a member that cannot be read from JSON; leave it out of the body.");
        }
    }
}
