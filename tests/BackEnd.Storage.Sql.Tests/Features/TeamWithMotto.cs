using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>The teams table seen by code that is ahead of the schema: it maps a column no migration added.</summary>
[Table("teams")]
public sealed class TeamWithMotto
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Motto { get; set; } = "";

    public long Version { get; set; }
}
