using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Sql.Tests.Faults;

[Table("tickets")]
public sealed class Ticket
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public long Version { get; set; }
}
