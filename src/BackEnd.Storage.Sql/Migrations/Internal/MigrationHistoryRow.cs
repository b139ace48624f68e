namespace BackEnd.Storage.Sql.Migrations.Internal;

internal sealed record MigrationHistoryRow(long Version, string Name, string Checksum, DateTimeOffset AppliedAt);
