namespace Shop.Carts;

/// <summary>A signed-in user's cart: one document per user, keyed by the user's id.</summary>
public sealed class Cart
{
    /// <summary>Gets or sets the owner's user id (the document's key).</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets what is in the cart; names and prices are read from the catalog when shown.</summary>
    public List<CartLine> Lines { get; set; } = new();

    /// <summary>Gets or sets when the cart last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets the version, so two concurrent changes cannot overwrite each other.</summary>
    public long Version { get; set; }
}

/// <summary>A product and how many of it.</summary>
public sealed class CartLine
{
    /// <summary>Gets or sets the product's id.</summary>
    public long ProductId { get; set; }

    /// <summary>Gets or sets the quantity, at least 1.</summary>
    public int Quantity { get; set; }
}
