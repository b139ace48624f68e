using System.Text.Json.Serialization;

namespace BackEndWeb;

/// <summary>Source-generated serialisation for the app's bodies and events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NewPost))]
[JsonSerializable(typeof(PostView))]
[JsonSerializable(typeof(PostPage))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
