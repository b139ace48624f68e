namespace BackEnd.Storage.Document.Internal.Query;

internal sealed record OrderKey(FieldPath Path, bool Descending);
