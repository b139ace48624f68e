using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Storage.Testing;

/// <summary>An entity with a caller-chosen string key found by attribute, and a renamed column.</summary>
[Table("contract_tags")]
public sealed class ContractTag
{
    [Key]
    public string Code { get; set; } = "";

    [Column("label_text")]
    public string Label { get; set; } = "";

    public long Version { get; set; }
}
