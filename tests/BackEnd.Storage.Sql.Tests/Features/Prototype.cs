using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

/// <summary>An entity whose table CreateTablesFor makes, with a member of each common type.</summary>
[Table("prototypes")]
public sealed class Prototype
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string? Note { get; set; }

    public int Count { get; set; }

    public decimal Price { get; set; }

    public bool Done { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public Guid Reference { get; set; }

    public ContractStatus Status { get; set; }

    public byte[]? Data { get; set; }

    public long Version { get; set; }
}
