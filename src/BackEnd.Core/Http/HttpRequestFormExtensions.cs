using System.IO.Pipelines;
using System.Text;
using BackEnd.Routing;
using BackEnd.Routing.Internal.Binding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackEnd.Http;

/// <summary>Reads an <c>application/x-www-form-urlencoded</c> body once per request, so middleware and the handler can both see it.</summary>
public static class HttpRequestFormExtensions
{
    private static readonly object FormKey = new();

    /// <summary>Gets a value indicating whether the request's <c>Content-Type</c> is <c>application/x-www-form-urlencoded</c> (parameters such as <c>charset</c> allowed).</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> for a URL-encoded form.</returns>
    public static bool HasFormContentType(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsForm(request.ContentType);
    }

    /// <summary>
    /// Reads and parses the form body, or returns the form an earlier call (middleware, or a <see cref="FromFormAttribute"/>
    /// parameter) already read: the body stream is consumed once and the parsed form kept for the rest of the request.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The fields; <see cref="FormCollection.Empty"/> when the request has no body.</returns>
    /// <exception cref="BadHttpRequestException">
    /// 415 when the body is not a URL-encoded form, 413 when it is larger than <see cref="RouteHandlerOptions.MaxJsonBodySize"/>,
    /// 400 when it is not valid UTF-8. A failure is remembered too: a second call throws the same status.
    /// </exception>
    public static ValueTask<FormCollection> ReadFormAsync(this HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.HttpContext.RequestServices.GetService<IOptions<RouteHandlerOptions>>();
        return ReadFormWithLimitAsync(request, options?.Value.MaxJsonBodySize ?? RouteHandlerDefaults.MaxJsonBodySize, cancellationToken);
    }

    internal static bool IsForm(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType.AsSpan(0, semicolon) : contentType.AsSpan()).Trim();
        return mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    internal static ValueTask<FormCollection> ReadFormWithLimitAsync(HttpRequest request, long maxSize, CancellationToken cancellationToken)
    {
        // Items, not a field of the request: wrappers of the request (route timeouts, forwarded headers) share the context's items.
        var items = request.HttpContext.Items;
        if (items.TryGetValue(FormKey, out var cached))
        {
            return cached switch
            {
                FormCollection form => ValueTask.FromResult(form),
                FormFailure failure => ValueTask.FromException<FormCollection>(new BadHttpRequestException(failure.StatusCode, failure.Message)),
                _ => throw new InvalidOperationException("The cached form has an unexpected type."),
            };
        }

        return ReadAndCacheAsync(request, items, maxSize, cancellationToken);
    }

    private static async ValueTask<FormCollection> ReadAndCacheAsync(HttpRequest request, IDictionary<object, object?> items, long maxSize, CancellationToken cancellationToken)
    {
        FormCollection form;
        try
        {
            form = await ReadCoreAsync(request, maxSize, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // The body is spent either way; remember why, so a second reader answers alike instead of seeing an empty form.
            items[FormKey] = new FormFailure(exception.StatusCode, exception.Message);
            throw;
        }

        items[FormKey] = form;
        return form;
    }

    private static async ValueTask<FormCollection> ReadCoreAsync(HttpRequest request, long maxSize, CancellationToken cancellationToken)
    {
        var check = BodyPreamble.Check(request, IsForm, maxSize);
        if (check == BodyCheck.Absent)
        {
            return FormCollection.Empty;
        }

        if (check != BodyCheck.Read)
        {
            var (status, detail) = BodyPreamble.Describe(check, BodyMedia.Form, null, request.ContentType, maxSize);
            throw new BadHttpRequestException(status, detail);
        }

        var text = await ReadTextAsync(request.BodyReader, maxSize, cancellationToken).ConfigureAwait(false);
        return FormCollection.Parse(text);
    }

    private static async ValueTask<string> ReadTextAsync(PipeReader reader, long maxSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.Buffer.Length > maxSize)
            {
                reader.AdvanceTo(read.Buffer.End);
                throw new BadHttpRequestException(413, BodyPreamble.TooLarge(maxSize));
            }

            if (read.IsCompleted)
            {
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(read.Buffer);
                }
                catch (DecoderFallbackException exception)
                {
                    throw new BadHttpRequestException("The form body is not valid UTF-8.", exception);
                }
                finally
                {
                    reader.AdvanceTo(read.Buffer.End);
                }
            }

            // Keep everything buffered until the body ends; the size check above bounds it.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private sealed record FormFailure(int StatusCode, string Message);
}
