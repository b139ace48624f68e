using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

[Table("people")]
public sealed class Person
{
    public long Id { get; set; }

    public string FullName { get; set; } = "";

    public string Email { get; set; } = "";

    public int? Age { get; set; }

    public long? TeamId { get; set; }

    public long Version { get; set; }
}
