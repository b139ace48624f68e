using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Bench.Crud;

/// <summary>The resource both servers expose; validation and the version (for ETags) are part of the work measured.</summary>
[Table("products")]
public sealed class Product
{
    /// <summary>Rows each database starts with.</summary>
    public const int SeedRows = 1000;

    public long Id { get; set; }

    [Required]
    [StringLength(40, MinimumLength = 1)]
    public string Name { get; set; } = "";

    [Range(0, 10000)]
    public decimal Price { get; set; }

    public long Version { get; set; }
}
