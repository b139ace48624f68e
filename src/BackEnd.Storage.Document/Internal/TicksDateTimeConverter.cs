using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Writes a <see cref="DateTime"/> in the query view as its ticks, which compare as C# compares them (kind ignored).</summary>
internal sealed class TicksDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Ticks);
}
