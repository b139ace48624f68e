using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

public sealed class PersonView
{
    public long Id { get; set; }

    public string FullName { get; set; } = "";

    public int? Age { get; set; }
}
