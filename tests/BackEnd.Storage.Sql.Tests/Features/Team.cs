using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[Table("teams")]
public sealed class Team
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public long Version { get; set; }
}
