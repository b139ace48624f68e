namespace BackEnd.Storage.Document.Internal;

/// <summary>
/// A document as read back: its JSON (text, or UTF-8 when <see cref="Json"/> is null: an engine may lend a buffer that is only valid during
/// the read callback it passes this to) and its stored version.
/// </summary>
internal readonly record struct ReadDocument(string? Json, ReadOnlyMemory<byte> Utf8Json, long Version)
{
    public ReadDocument(string json, long version)
        : this(json, null, version)
    {
    }
}
