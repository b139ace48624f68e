namespace BackEnd.Storage.Document.Internal;

/// <summary>A document as read back: its JSON (text, or UTF-8 when an engine rebuilt it from its query view) and its stored version.</summary>
internal readonly record struct ReadDocument(string? Json, byte[]? Utf8Json, long Version)
{
    public ReadDocument(string json, long version)
        : this(json, null, version)
    {
    }
}
