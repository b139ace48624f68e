using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using BackEnd.Server.Internal;

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

// invalidStatus: the status of a well-formed body that does not fit the type or fails validation, 400 or 422 (RouteHandlerOptions).
internal sealed class JsonBodyBinder<T>(string parameter, bool required, JsonTypeInfo<T> typeInfo, BodyValidator? validator, long maxSize, int invalidStatus) : JsonBodyBinder
{
    public override async ValueTask InvokeAsync(HttpContext context, Func<HttpContext, object?, ValueTask> next)
    {
        var request = context.Request;
        var check = BodyPreamble.Check(request, IsJson, maxSize);
        if (check == BodyCheck.Absent && !required)
        {
            await next(context, null).ConfigureAwait(false);
            return;
        }

        if (check != BodyCheck.Read)
        {
            await BodyPreamble.RejectAsync(context, check, BodyMedia.Json, parameter, maxSize).ConfigureAwait(false);
            return;
        }

        var reader = request.BodyReader;
        T? value;
        string? failure;
        bool malformed;
        byte[]? copy = null;
        try
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException exception)
            {
                await ProblemWriter.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
                return;
            }

            if (read.IsCompleted && read.Buffer.Length <= maxSize)
            {
                // The usual case: the whole body is already buffered, so deserialize in place without copying.
                try
                {
                    failure = Deserialize(new Utf8JsonReader(read.Buffer), out value, out malformed);
                }
                finally
                {
                    reader.AdvanceTo(read.Buffer.End);
                }
            }
            else
            {
                // Consume as we go (some readers hand out one chunk per read), copying into a pooled buffer.
                var copied = 0;
                while (true)
                {
                    var size = read.Buffer.Length;
                    if (copied + size > maxSize)
                    {
                        reader.AdvanceTo(read.Buffer.End);
                        await ProblemWriter.WriteAsync(context, 413, BodyPreamble.TooLarge(maxSize)).ConfigureAwait(false);
                        return;
                    }

                    if (copy is null || copy.Length < copied + size)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(copied + size, Math.Min(maxSize, 4096)));
                        copy?.AsSpan(0, copied).CopyTo(larger);
                        if (copy is not null)
                        {
                            ArrayPool<byte>.Shared.Return(copy);
                        }

                        copy = larger;
                    }

                    read.Buffer.CopyTo(copy.AsSpan(copied));
                    copied += (int)size;
                    reader.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted)
                    {
                        break;
                    }

                    try
                    {
                        read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (BadHttpRequestException exception)
                    {
                        await ProblemWriter.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
                        return;
                    }
                }

                failure = Deserialize(new Utf8JsonReader(copy.AsSpan(0, copied)), out value, out malformed);
            }
        }
        finally
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        if (failure is not null)
        {
            await ProblemWriter.WriteAsync(context, malformed ? 400 : invalidStatus, failure).ConfigureAwait(false);
            return;
        }

        if (value is null)
        {
            if (required)
            {
                await ProblemWriter.WriteAsync(context, invalidStatus, $"The JSON body for parameter '{parameter}' is required but was null.").ConfigureAwait(false);
                return;
            }
        }
        else if (validator?.Validate(value) is { } errors)
        {
            await ProblemWriter.WriteValidationAsync(context, invalidStatus, errors).ConfigureAwait(false);
            return;
        }

        await next(context, value).ConfigureAwait(false);
    }

    /// <summary>Deserializes the whole body; <paramref name="malformed"/> tells a syntax error (always 400) from JSON that does not fit the type.</summary>
    private string? Deserialize(Utf8JsonReader json, out T? value, out bool malformed)
    {
        malformed = false;
        try
        {
            value = JsonSerializer.Deserialize(ref json, typeInfo);

            // Deserialize stops after one value; the body must hold nothing else but whitespace, or "{..} garbage" and
            // "{..}{..}" would bind silently. Without AllowMultipleValues the reader throws (with the position) on any
            // token after the value, so Read only ever returns false here.
            if (json.Read())
            {
                malformed = true;
                throw new JsonException("The JSON value is followed by more data.", null, null, json.BytesConsumed);
            }

            return null;
        }
        catch (JsonException exception)
        {
            value = default;

            malformed = IsSyntaxError(exception);
            var line = (exception.LineNumber ?? 0) + 1;
            var position = (exception.BytePositionInLine ?? 0) + 1;
            var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
            return $"The JSON body for parameter '{parameter}' is malformed or does not match the expected shape at line {line}, position {position} (path '{path}').";
        }
        catch (NotSupportedException exception)
        {
            // An abstract, interface or System.Type member: the client cannot fix the type, but the request is what
            // reached it, so this is a 400 naming where, not a 500 with the serializer's text.
            value = default;
            return $"The JSON body for parameter '{parameter}' has a member that cannot be read from JSON (path '{PathOf(exception)}'); leave it out of the body.";
        }
    }

    /// <summary>
    /// The reader throws an internal type derived from <see cref="JsonException"/> for broken syntax, which the serializer
    /// wraps in a plain one; a body of the wrong shape is a plain <see cref="JsonException"/> without that inside.
    /// </summary>
    private static bool IsSyntaxError(JsonException exception) =>
        exception.GetType() != typeof(JsonException)
        || (exception.InnerException is JsonException inner && inner.GetType() != typeof(JsonException));

    /// <summary>System.Text.Json puts the path only in the message of a <see cref="NotSupportedException"/> ("... Path: $.shape | LineNumber: ...").</summary>
    private static string PathOf(NotSupportedException exception)
    {
        var message = exception.Message.AsSpan();
        var at = message.IndexOf("Path: ", StringComparison.Ordinal);
        if (at < 0)
        {
            return "$";
        }

        var rest = message[(at + 6)..];
        var end = rest.IndexOfAny(' ', '|');
        return (end < 0 ? rest : rest[..end]).ToString();
    }
}
