using System.Text.Json.Serialization;

namespace Hello;

/// <summary>Source-generated serialisation for the sample's bodies: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(UserRecord))]
internal sealed partial class HelloJsonContext : JsonSerializerContext;
