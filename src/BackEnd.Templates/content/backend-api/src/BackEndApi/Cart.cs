namespace BackEndApi;

/// <summary>A signed-in user's cart: one document per user, keyed by the user id.</summary>
public sealed class Cart
{
    /// <summary>Gets or sets the user id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the lines.</summary>
    public List<CartItem> Items { get; set; } = new();

    /// <summary>Gets the total of all lines.</summary>
    public decimal Total => Items.Sum(static i => i.Price * i.Quantity);
}

/// <summary>One line of a cart.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">The product's name when it was added.</param>
/// <param name="Price">The product's price when it was added.</param>
/// <param name="Quantity">How many.</param>
public sealed record CartItem(long ProductId, string Name, decimal Price, int Quantity);

/// <summary>The body of <c>POST /api/cart/items</c>.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Quantity">How many (at least 1).</param>
public sealed record AddToCart(long ProductId, int Quantity);
