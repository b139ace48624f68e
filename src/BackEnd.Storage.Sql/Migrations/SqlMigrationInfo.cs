namespace BackEnd.Storage.Sql.Migrations;

/// <summary>A migration known to the application, and whether the database has it.</summary>
/// <param name="Version">The version.</param>
/// <param name="Name">The name.</param>
/// <param name="Checksum">The checksum of the migration as the application has it.</param>
/// <param name="AppliedAt">When it was applied, or <see langword="null"/> while pending.</param>
public sealed record SqlMigrationInfo(long Version, string Name, string Checksum, DateTimeOffset? AppliedAt)
{
    /// <summary>Gets whether the migration is applied.</summary>
    public bool IsApplied => AppliedAt is not null;
}
