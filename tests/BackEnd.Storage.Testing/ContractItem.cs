using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Testing;

/// <summary>An entity with a store-assigned long key and members of many types.</summary>
[Table("contract_items")]
public sealed class ContractItem
{
    public long Id { get; set; }

    public string Category { get; set; } = "";

    public string Name { get; set; } = "";

    public int Quantity { get; set; }

    public decimal Price { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ContractStatus Status { get; set; }

    public string? Note { get; set; }

    public long Version { get; set; }

    [NotMapped]
    public string Display => $"{Name} x{Quantity}";
}
