namespace BackEnd.Storage.Document.Internal.Query;

internal enum TextOperator
{
    Equals,
    StartsWith,
    EndsWith,
    Contains,
}
