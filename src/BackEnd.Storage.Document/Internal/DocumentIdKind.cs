namespace BackEnd.Storage.Document.Internal;

internal enum DocumentIdKind
{
    Int64,
    Int32,
    Guid,
    String,
    ObjectId,
}
