namespace BackEnd.Storage.Document.Internal;

/// <summary>A collection as an engine sees it: its name (checked), id kind, and the id's JSON name when the view holds the id as its key's own value.</summary>
/// <param name="Name">The checked collection name.</param>
/// <param name="IdKind">The id's type.</param>
/// <param name="KeyIdName">
/// The id member's JSON name when every view writes the id exactly as the engine's key holds it (a plain number or string), so an engine
/// may keep the id once, as the key, and read queries on the member from the key; otherwise null.
/// </param>
internal sealed record CollectionInfo(string Name, DocumentIdKind IdKind, string? KeyIdName = null);
