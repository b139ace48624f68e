namespace BackEnd.Storage.Document.Internal;

/// <summary>A document as read back: its JSON and its stored version.</summary>
internal readonly record struct ReadDocument(string Json, long Version);
