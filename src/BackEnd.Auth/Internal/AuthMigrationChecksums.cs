namespace BackEnd.Auth.Internal;

/// <summary>Checksums of the copies of Auth's tables that apps applied as their version 1 before Auth shipped its own scripts.</summary>
internal static class AuthMigrationChecksums
{
    /// <summary>
    /// samples/Shop's <c>0001_create_accounts.sqlite.sql</c> and <c>.postgres.sql</c>: the same tables and indexes as
    /// <c>0001_auth</c>, written on fewer lines. (samples/Feed's and the templates' copies are byte for byte Auth's own.)
    /// </summary>
    public static readonly string[] EarlierCopies =
    [
        "f0c869e87e8ee50854f1f0d9c87f580bad2990cebc28d409f4526fefee17d1d9",
        "322ac05513ceb385f9e7b4d2700cff495c532a9f4bdf9d08e6cd3e7f7b335f93",
    ];
}
