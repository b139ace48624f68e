using System.Text.Json.Serialization;

namespace Telemetry;

/// <summary>Source-generated serialisation for the sample's bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ItemRecord))]
internal sealed partial class TelemetryJsonContext : JsonSerializerContext;
