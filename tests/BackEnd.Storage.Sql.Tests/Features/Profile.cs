using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Sql.Tests.Features;

// A caller-chosen text key, a second unique column of bounded length, and a JSON column.
[Table("profiles")]
public sealed class Profile
{
    public string Id { get; set; } = "";

    public string Handle { get; set; } = "";

    [Column(TypeName = "jsonb")]
    public string? Settings { get; set; }

    public long Version { get; set; }
}
