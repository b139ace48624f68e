using System.Text.Json;

namespace BackEnd.Storage.Document.Internal;

/// <summary>A document as an engine stores it: id, the caller's JSON, the query view and the version.</summary>
internal sealed record StoredDocument(object Id, string Json, JsonElement View, long Version);
