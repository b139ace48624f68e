using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.Results.Internal;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>Reads and deserializes the JSON body before the compiled binder runs, turning every failure into a typed 4xx.</summary>
internal abstract class JsonBodyBinder
{
    public abstract ValueTask InvokeAsync(HttpContext context, Func<HttpContext, object?, ValueTask> next);

    internal static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
               (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}

internal sealed class JsonBodyBinder<T>(string parameter, bool required, JsonTypeInfo<T> typeInfo, BodyValidator? validator, long maxSize) : JsonBodyBinder
{
    public override async ValueTask InvokeAsync(HttpContext context, Func<HttpContext, object?, ValueTask> next)
    {
        var request = context.Request;
        var length = request.ContentLength;
        var hasBody = length > 0 || (length is null && request.Headers.ContainsKey("Transfer-Encoding"));
        if (!hasBody)
        {
            if (required)
            {
                await ProblemWriter.WriteAsync(context, 400, $"The JSON body for parameter '{parameter}' is required.").ConfigureAwait(false);
                return;
            }

            await next(context, null).ConfigureAwait(false);
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await ProblemWriter.WriteAsync(context, 415, $"The body for parameter '{parameter}' must be JSON (Content-Type: application/json), not '{request.ContentType}'.").ConfigureAwait(false);
            return;
        }

        if (length > maxSize)
        {
            await ProblemWriter.WriteAsync(context, 413, $"The body is larger than the limit of {maxSize} bytes.").ConfigureAwait(false);
            return;
        }

        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (read.Buffer.Length > maxSize)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                await ProblemWriter.WriteAsync(context, 413, $"The body is larger than the limit of {maxSize} bytes.").ConfigureAwait(false);
                return;
            }

            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        T? value;
        string? failure;
        try
        {
            failure = Deserialize(read.Buffer, out value);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }

        if (failure is not null)
        {
            await ProblemWriter.WriteAsync(context, 400, failure).ConfigureAwait(false);
            return;
        }

        if (value is null)
        {
            if (required)
            {
                await ProblemWriter.WriteAsync(context, 400, $"The JSON body for parameter '{parameter}' is required but was null.").ConfigureAwait(false);
                return;
            }
        }
        else if (validator?.Validate(value) is { } errors)
        {
            await BackEnd.Results.Results.ValidationProblem(errors).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context, value).ConfigureAwait(false);
    }

    private string? Deserialize(ReadOnlySequence<byte> buffer, out T? value)
    {
        var json = new Utf8JsonReader(buffer);
        try
        {
            value = JsonSerializer.Deserialize(ref json, typeInfo);
            return null;
        }
        catch (JsonException exception)
        {
            value = default;
            var line = (exception.LineNumber ?? 0) + 1;
            var position = (exception.BytePositionInLine ?? 0) + 1;
            var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
            return $"The JSON body for parameter '{parameter}' is malformed or does not match the expected shape at line {line}, position {position} (path '{path}').";
        }
    }
}
