using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using BackEnd.Server.Internal;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body and binds it to a type through the type's JSON contract, so form
/// and JSON bodies share member names, converters and validation; each failure is a typed 4xx naming the field.
/// </summary>
internal sealed class FormBodyBinder<T>(string parameter, bool required, JsonTypeInfo<T> typeInfo, BodyValidator? validator, long maxSize) : JsonBodyBinder
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
                await ProblemWriter.WriteAsync(context, 400, $"The form body for parameter '{parameter}' is required.").ConfigureAwait(false);
            }
            else
            {
                await next(context, null).ConfigureAwait(false);
            }

            return;
        }

        if (!IsForm(request.ContentType))
        {
            await ProblemWriter.WriteAsync(context, 415, $"The body for parameter '{parameter}' must be a form (Content-Type: application/x-www-form-urlencoded), not '{request.ContentType}'.").ConfigureAwait(false);
            return;
        }

        if (length > maxSize)
        {
            await ProblemWriter.WriteAsync(context, 413, $"The body is larger than the limit of {maxSize} bytes.").ConfigureAwait(false);
            return;
        }

        string text;
        try
        {
            var body = await ReadAsync(request.BodyReader, maxSize, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await ProblemWriter.WriteAsync(context, 413, $"The body is larger than the limit of {maxSize} bytes.").ConfigureAwait(false);
                return;
            }

            text = body;
        }
        catch (BadHttpRequestException exception)
        {
            await ProblemWriter.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
            return;
        }
        catch (DecoderFallbackException)
        {
            await ProblemWriter.WriteAsync(context, 400, $"The form body for parameter '{parameter}' is not valid UTF-8.").ConfigureAwait(false);
            return;
        }

        if (!TryConvert(text, out var json, out var failure))
        {
            await ProblemWriter.WriteAsync(context, 400, failure).ConfigureAwait(false);
            return;
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException exception)
        {
            var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
            await ProblemWriter.WriteAsync(context, 400, $"The form field '{path.TrimStart('$', '.')}' for parameter '{parameter}' has a value of the wrong type.").ConfigureAwait(false);
            return;
        }

        if (value is not null && validator?.Validate(value) is { } errors)
        {
            await BackEnd.Http.Results.ValidationProblem(errors).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context, value).ConfigureAwait(false);
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

    /// <summary>Parses <c>a=1&amp;b=x+y</c> (WHATWG URL-encoded parsing): <c>+</c> is a space, percent escapes are UTF-8.</summary>
    internal static List<KeyValuePair<string, string>> Parse(string body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var range in body.AsSpan().Split('&'))
        {
            var pair = body.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            fields.Add(new(Decode(name), Decode(value)));
        }

        return fields;
    }

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));

    private static async ValueTask<string?> ReadAsync(PipeReader reader, long maxSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (read.Buffer.Length > maxSize)
            {
                reader.AdvanceTo(read.Buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(read.Buffer);
                reader.AdvanceTo(read.Buffer.End);
                return text;
            }

            // Keep everything buffered until the body ends; the size check above bounds it.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Turns the fields into a JSON object shaped by the type's contract: numbers and booleans as literals, lists as arrays.</summary>
    private bool TryConvert(string body, out byte[] json, out string failure)
    {
        json = [];
        failure = "";
        var fields = Parse(body);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in typeInfo.Properties)
            {
                var values = fields.Where(f => string.Equals(f.Key, property.Name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();
                if (values.Count == 0)
                {
                    continue;
                }

                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var element = type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable))
                    ? (type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault()) ?? typeof(string)
                    : null;
                writer.WritePropertyName(property.Name);
                if (element is not null)
                {
                    writer.WriteStartArray();
                    foreach (var item in values)
                    {
                        if (!TryWrite(writer, Nullable.GetUnderlyingType(element) ?? element, item))
                        {
                            failure = $"The form field '{property.Name}' for parameter '{parameter}' has '{item}', which is not a valid {element.Name}.";
                            return false;
                        }
                    }

                    writer.WriteEndArray();
                }
                else if (!TryWrite(writer, type, values[^1]))
                {
                    failure = $"The form field '{property.Name}' for parameter '{parameter}' has '{values[^1]}', which is not a valid {type.Name}.";
                    return false;
                }
            }

            writer.WriteEndObject();
        }

        json = buffer.WrittenSpan.ToArray();
        return true;
    }

    private static bool TryWrite(Utf8JsonWriter writer, Type type, string value)
    {
        if (type == typeof(bool))
        {
            // An HTML checkbox sends "on" when ticked.
            if (value is "on" || bool.TryParse(value, out var flag) && flag)
            {
                writer.WriteBooleanValue(true);
                return true;
            }

            if (bool.TryParse(value, out _) || value is "off")
            {
                writer.WriteBooleanValue(false);
                return true;
            }

            return false;
        }

        if (!type.IsEnum && Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal)
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }

            writer.WriteRawValue(value.Trim(), skipInputValidation: false);
            return true;
        }

        writer.WriteStringValue(value);
        return true;
    }
}
