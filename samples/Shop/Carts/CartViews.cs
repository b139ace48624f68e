using System.ComponentModel.DataAnnotations;

namespace Shop.Carts;

/// <summary>The body of <c>POST /api/cart/items</c>.</summary>
/// <param name="ProductId">The product to add.</param>
/// <param name="Quantity">How many to add, at least 1; stock is checked at checkout.</param>
public sealed record AddCartItem(long ProductId, [Range(1, int.MaxValue)] int Quantity);

/// <summary>A line of a cart or an order as clients see it.</summary>
/// <param name="ProductId">The product's id.</param>
/// <param name="Name">The product's name.</param>
/// <param name="Price">The unit price.</param>
/// <param name="Quantity">How many.</param>
public sealed record ItemView(long ProductId, string Name, decimal Price, int Quantity);

/// <summary>A cart as clients see it: <c>{items:[{productId, name, price, quantity}], total}</c>.</summary>
/// <param name="Items">The lines, with the catalog's current names and prices.</param>
/// <param name="Total">The sum of price × quantity.</param>
public sealed record CartView(IReadOnlyList<ItemView> Items, decimal Total);
