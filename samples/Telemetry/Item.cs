using System.ComponentModel.DataAnnotations.Schema;

namespace Telemetry;

/// <summary>A row of the <c>items</c> table.</summary>
[Table("items")]
public sealed class Item
{
    /// <summary>Gets or sets the key.</summary>
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long Id { get; set; }

    /// <summary>Gets or sets the item name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}

/// <summary>The body of <c>GET /items/{id}</c>.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Name">The item name.</param>
public sealed record ItemRecord(long Id, string Name);
