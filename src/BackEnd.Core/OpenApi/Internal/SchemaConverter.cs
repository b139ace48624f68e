using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.OpenApi;

namespace BackEnd.OpenApi.Internal;

/// <summary>Describes .NET types as OpenAPI schemas: System.Text.Json's exporter gives the shape the serializer really writes,
/// DataAnnotations add the constraints validation enforces.</summary>
internal sealed class SchemaConverter(JsonSerializerOptions json, OpenApiDocument document)
{
    private readonly Dictionary<Type, string> _names = [];

    [RequiresUnreferencedCode("Reads DataAnnotations attributes.")]
    [RequiresDynamicCode("Uses reflection-based JSON metadata.")]
    public IOpenApiSchema Reference(Type type)
    {
        if (IsSimple(type))
        {
            return Convert(Export(type));
        }

        if (!_names.TryGetValue(type, out var name))
        {
            name = NameOf(type);
            var unique = name;
            for (var i = 2; _names.ContainsValue(unique); i++)
            {
                unique = name + i.ToString(CultureInfo.InvariantCulture);
            }

            _names[type] = unique;
            document.Components!.Schemas![unique] = Convert(Export(type));
            name = unique;
        }

        return new OpenApiSchemaReference(name, document);
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeSpan) || t == typeof(Uri);
    }

    private static string NameOf(Type type) =>
        type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(NameOf))
            : type.Name;

    [RequiresUnreferencedCode("Reads DataAnnotations attributes.")]
    [RequiresDynamicCode("Uses reflection-based JSON metadata.")]
    private JsonNode Export(Type type) => json.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = static (context, node) =>
        {
            if (node is JsonObject schema && context.PropertyInfo?.AttributeProvider is ICustomAttributeProvider provider)
            {
                AddConstraints(schema, provider);
            }

            return node;
        },
    });

    private static void AddConstraints(JsonObject schema, ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.GetCustomAttributes(typeof(ValidationAttribute), inherit: true))
        {
            switch (attribute)
            {
                case StringLengthAttribute length:
                    schema["maxLength"] = length.MaximumLength;
                    if (length.MinimumLength > 0)
                    {
                        schema["minLength"] = length.MinimumLength;
                    }

                    break;
                case MaxLengthAttribute max when max.Length >= 0:
                    schema[IsArray(schema) ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case MinLengthAttribute min:
                    schema[IsArray(schema) ? "minItems" : "minLength"] = min.Length;
                    break;
                case RangeAttribute range when range.Minimum is IConvertible && range.Maximum is IConvertible:
                    schema["minimum"] = System.Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
                    schema["maximum"] = System.Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
                    break;
                case RegularExpressionAttribute regex:
                    schema["pattern"] = regex.Pattern;
                    break;
                case EmailAddressAttribute:
                    schema["format"] = "email";
                    break;
                case UrlAttribute:
                    schema["format"] = "uri";
                    break;
                case RequiredAttribute when schema["type"] is JsonValue type && type.GetValue<string>() == "string":
                    schema["minLength"] ??= 1;
                    break;
            }
        }
    }

    private static bool IsArray(JsonObject schema) =>
        schema["type"] switch
        {
            JsonValue value => value.GetValue<string>() == "array",
            JsonArray types => types.Any(static t => t?.GetValue<string>() == "array"),
            _ => false,
        };

    /// <summary>Copies a JSON Schema node into the library's model, keyword by keyword.</summary>
    public static OpenApiSchema Convert(JsonNode? node)
    {
        var schema = new OpenApiSchema();
        if (node is not JsonObject obj)
        {
            return schema;
        }

        switch (obj["type"])
        {
            case JsonValue single:
                schema.Type = TypeOf(single.GetValue<string>());
                break;
            case JsonArray several:
                JsonSchemaType combined = 0;
                foreach (var item in several)
                {
                    combined |= TypeOf(item!.GetValue<string>()) ?? 0;
                }

                schema.Type = combined == 0 ? null : combined;
                break;
        }

        schema.Format = obj["format"]?.GetValue<string>();
        schema.Pattern = obj["pattern"]?.GetValue<string>();
        schema.Description = obj["description"]?.GetValue<string>();
        if (obj["minLength"] is JsonValue minLength)
        {
            schema.MinLength = minLength.GetValue<int>();
        }

        if (obj["maxLength"] is JsonValue maxLength)
        {
            schema.MaxLength = maxLength.GetValue<int>();
        }

        if (obj["minItems"] is JsonValue minItems)
        {
            schema.MinItems = minItems.GetValue<int>();
        }

        if (obj["maxItems"] is JsonValue maxItems)
        {
            schema.MaxItems = maxItems.GetValue<int>();
        }

        if (obj["minimum"] is JsonValue minimum)
        {
            schema.Minimum = minimum.ToJsonString();
        }

        if (obj["maximum"] is JsonValue maximum)
        {
            schema.Maximum = maximum.ToJsonString();
        }

        if (obj["enum"] is JsonArray values)
        {
            schema.Enum = [.. values.Select(static v => v?.DeepClone() ?? JsonValue.Create((string?)null)!)];
        }

        if (obj["items"] is JsonNode items)
        {
            schema.Items = Convert(items);
        }

        if (obj["properties"] is JsonObject properties)
        {
            schema.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var (name, value) in properties)
            {
                schema.Properties[name] = Convert(value);
            }
        }

        if (obj["required"] is JsonArray required)
        {
            schema.Required = new HashSet<string>(required.Select(static r => r!.GetValue<string>()), StringComparer.Ordinal);
        }

        if (obj["additionalProperties"] is JsonObject additional)
        {
            schema.AdditionalProperties = Convert(additional);
        }
        else if (obj["additionalProperties"] is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.False)
        {
            schema.AdditionalPropertiesAllowed = false;
        }

        return schema;
    }

    private static JsonSchemaType? TypeOf(string name) => name switch
    {
        "string" => JsonSchemaType.String,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "boolean" => JsonSchemaType.Boolean,
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        "null" => JsonSchemaType.Null,
        _ => null,
    };
}
