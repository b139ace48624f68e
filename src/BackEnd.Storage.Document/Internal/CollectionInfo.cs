namespace BackEnd.Storage.Document.Internal;

/// <summary>A collection as an engine sees it: its name (checked) and id kind.</summary>
internal sealed record CollectionInfo(string Name, DocumentIdKind IdKind);
