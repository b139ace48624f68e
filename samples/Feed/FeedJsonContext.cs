using System.Text.Json.Serialization;

namespace Feed;

/// <summary>Source-generated serialisation for the sample's bodies and events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NewPost))]
[JsonSerializable(typeof(PostView))]
[JsonSerializable(typeof(PostPage))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
