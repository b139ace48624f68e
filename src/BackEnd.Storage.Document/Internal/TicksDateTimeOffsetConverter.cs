using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.Storage.Document.Internal;

/// <summary>Writes a <see cref="DateTimeOffset"/> in the query view as its UTC ticks, so different offsets compare as instants.</summary>
internal sealed class TicksDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetInt64(), TimeSpan.Zero);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteNumberValue(value.UtcTicks);
}
