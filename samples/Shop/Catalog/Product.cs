using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace Shop.Catalog;

/// <summary>A product of the catalog: a row of <c>products</c>, served as a resource at <c>/api/products</c>.</summary>
[Table("products")]
public sealed class Product
{
    /// <summary>Gets or sets the id, assigned by the database.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the name shown in the catalog.</summary>
    [Required]
    [StringLength(200)]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the description shown on the product page.</summary>
    [StringLength(4000)]
    public string Description { get; set; } = "";

    /// <summary>Gets or sets the price, exact to the cent.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal Price { get; set; }

    /// <summary>Gets or sets how many are left; a checkout takes from it.</summary>
    [Range(0, 1_000_000)]
    public int Stock { get; set; }

    /// <summary>Gets or sets the version (the ETag), raised by every change, a checkout's included.</summary>
    public long Version { get; set; }
}
