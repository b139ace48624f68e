using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Writes enums in the query view as numbers even when the caller stores names, so they compare and sort as numbers.</summary>
internal sealed class NumberEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter?)Activator.CreateInstance(typeof(JsonNumberEnumConverter<>).MakeGenericType(typeToConvert));
}
