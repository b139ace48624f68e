using System.Net.ServerSentEvents;

namespace Feed;

/// <summary>The text of a live event between nodes: the event type, a line break, then the data, exactly as the stream sends them.</summary>
internal static class FeedEvents
{
    public const string Channel = "feed.posts";

    public static string Serialize(SseItem<string> item) => item.EventType + "\n" + item.Data;

    public static SseItem<string> Deserialize(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var type = newline < 0 ? null : text[..newline];
        return type is "post" or "delete"
            ? new SseItem<string>(text[(newline + 1)..], type)
            : throw new FormatException("A feed event is 'post' or 'delete', a line break, then the data.");
    }
}
