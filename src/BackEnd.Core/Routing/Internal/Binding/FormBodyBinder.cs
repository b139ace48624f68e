using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body and binds it to a type through the type's JSON contract, so form
/// and JSON bodies share member names, converters and validation; each failure is a typed 4xx naming the field.
/// </summary>
internal sealed class FormBodyBinder<T>(string parameter, bool required, JsonTypeInfo<T> typeInfo, BodyValidator? validator, long maxSize, int invalidStatus) : JsonBodyBinder
{
    public override async ValueTask InvokeAsync(HttpContext context, Func<HttpContext, object?, ValueTask> next)
    {
        var check = BodyPreamble.Check(context.Request, HttpRequestFormExtensions.IsForm, maxSize);
        if (check == BodyCheck.Absent && !required)
        {
            await next(context, null).ConfigureAwait(false);
            return;
        }

        if (check != BodyCheck.Read)
        {
            await BodyPreamble.RejectAsync(context, check, BodyMedia.Form, parameter, maxSize).ConfigureAwait(false);
            return;
        }

        // Through the request's form cache: middleware (an anti-forgery check) may have read the body already.
        FormCollection form;
        try
        {
            form = await HttpRequestFormExtensions.ReadFormWithLimitAsync(context.Request, maxSize, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            await ProblemWriter.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
            return;
        }

        if (!TryConvert(form, out var json, out var failure))
        {
            // The form itself was read: a field that does not convert is a value of the wrong type, like a JSON shape error.
            await ProblemWriter.WriteAsync(context, invalidStatus, failure).ConfigureAwait(false);
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
            await ProblemWriter.WriteAsync(context, invalidStatus, $"The form field '{path.TrimStart('$', '.')}' for parameter '{parameter}' has a value of the wrong type.").ConfigureAwait(false);
            return;
        }

        if (value is not null && validator?.Validate(value) is { } errors)
        {
            await ProblemWriter.WriteValidationAsync(context, invalidStatus, errors).ConfigureAwait(false);
            return;
        }

        await next(context, value).ConfigureAwait(false);
    }

    /// <summary>Turns the fields into a JSON object shaped by the type's contract: numbers and booleans as literals, lists as arrays.</summary>
    private bool TryConvert(FormCollection fields, out byte[] json, out string failure)
    {
        json = [];
        failure = "";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in typeInfo.Properties)
            {
                var values = fields[property.Name];
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
                        if (!TryWrite(writer, Nullable.GetUnderlyingType(element) ?? element, item ?? ""))
                        {
                            failure = $"The form field '{property.Name}' for parameter '{parameter}' has '{item}', which is not a valid {element.Name}.";
                            return false;
                        }
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    var last = values[values.Count - 1] ?? "";
                    if (!TryWrite(writer, type, last))
                    {
                        failure = $"The form field '{property.Name}' for parameter '{parameter}' has '{last}', which is not a valid {type.Name}.";
                        return false;
                    }
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
