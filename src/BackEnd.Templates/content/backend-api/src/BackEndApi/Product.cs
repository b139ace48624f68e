using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace BackEndApi;

/// <summary>A row of the <c>products</c> table, served by <c>MapResource</c> at <c>/api/products</c>.</summary>
[Table("products")]
public sealed class Product
{
    /// <summary>Gets or sets the key (assigned on insert).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the name.</summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the description.</summary>
    [StringLength(2000)]
    public string Description { get; set; } = string.Empty;

    /// <summary>Gets or sets the price.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal Price { get; set; }

    /// <summary>Gets or sets how many are in stock.</summary>
    [Range(0, int.MaxValue)]
    public int Stock { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version (the resource's ETag).</summary>
    public long Version { get; set; }
}
