using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Core.Tests.Crud;

[Table("crud_products")]
public sealed class CrudProduct
{
    public long Id { get; set; }

    [Required]
    [StringLength(40, MinimumLength = 1)]
    public string Name { get; set; } = "";

    [Range(0, 10000)]
    public decimal Price { get; set; }

    public string? Category { get; set; }

    public string? OwnerId { get; set; }

    public long Version { get; set; }
}
