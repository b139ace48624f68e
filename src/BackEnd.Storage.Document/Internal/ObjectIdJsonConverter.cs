using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Writes a LiteDB <see cref="LiteDB.ObjectId"/> as its 24-digit hex text.</summary>
internal sealed class ObjectIdJsonConverter : JsonConverter<LiteDB.ObjectId>
{
    public override LiteDB.ObjectId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("An ObjectId must be text."));

    public override void Write(Utf8JsonWriter writer, LiteDB.ObjectId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
