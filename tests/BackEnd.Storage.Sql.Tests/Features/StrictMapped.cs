using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Sql.Tests.Features;

// The mapped table read with non-nullable members over columns that may hold NULL.
[Table("mapped")]
public sealed class StrictMapped
{
    public Guid Id { get; set; }

    [Column("nullable_int")]
    public int Number { get; set; }

    [Column("maybe_at")]
    public DateTimeOffset When { get; set; }

    public long Version { get; set; }
}
