namespace BackEnd.Storage.Document.Internal;

internal sealed record DocumentLimits(int MaxDocumentBytes);
