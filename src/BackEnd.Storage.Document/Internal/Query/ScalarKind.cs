namespace BackEnd.Storage.Document.Internal.Query;

internal enum ScalarKind
{
    Other,
    Number,
    Text,
    Boolean,
}
