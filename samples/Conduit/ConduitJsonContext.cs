using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conduit;

/// <summary>Source-generated serialisation of every body: no reflection at run time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NewUserRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(NewArticleRequest))]
[JsonSerializable(typeof(UpdateArticleRequest))]
[JsonSerializable(typeof(ArticleResponse))]
[JsonSerializable(typeof(ArticlesResponse))]
[JsonSerializable(typeof(NewCommentRequest))]
[JsonSerializable(typeof(CommentResponse))]
[JsonSerializable(typeof(CommentsResponse))]
[JsonSerializable(typeof(TagsResponse))]
[JsonSerializable(typeof(ErrorsResponse))]
internal sealed partial class ConduitJsonContext : JsonSerializerContext;

/// <summary>Writes instants in UTC with milliseconds (<c>2026-11-27T17:00:00.000Z</c>), the form RealWorld clients and its test suite expect.</summary>
internal sealed class InstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    // The round-trip format ("O", yyyy-MM-ddTHH:mm:ss.fffffffZ for UTC) has the runtime's fast path; a custom format string is
    // interpreted per call. Its first 23 characters and a Z are the millisecond form.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[28];
        value.UtcDateTime.TryFormat(text, out _, "O", CultureInfo.InvariantCulture);
        text[23] = (byte)'Z';
        writer.WriteStringValue(text[..24]);
    }
}
