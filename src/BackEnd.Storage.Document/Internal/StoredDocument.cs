namespace BackEnd.Storage.Document.Internal;

/// <summary>A document as an engine stores it: id, the caller's JSON, the query view (JSON text, often the same string) and the version.</summary>
internal sealed record StoredDocument(object Id, string Json, string View, long Version);
