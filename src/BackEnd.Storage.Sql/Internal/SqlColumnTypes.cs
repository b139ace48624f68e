namespace BackEnd.Storage.Sql.Internal;

// An engine's column type for each member type, used by CreateTablesFor.
internal sealed record SqlColumnTypes(
    string BigInt,
    string Int,
    string SmallInt,
    string Bool,
    string Double,
    string Float,
    string Decimal,
    string Guid,
    string Instant,
    string Date,
    string Time,
    string Bytes,
    string Text,
    string KeyText,
    string Json);
