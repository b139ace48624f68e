namespace BackEnd.Storage.Document.Internal.Query;

internal enum CompareOperator
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
