using System.ComponentModel.DataAnnotations.Schema;

namespace Shop.Orders;

/// <summary>A placed order: a row of <c>orders</c>.</summary>
[Table("orders")]
public sealed class Order
{
    /// <summary>Gets or sets the id, assigned by the database.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the id of the user who placed it.</summary>
    public string UserId { get; set; } = "";

    /// <summary>Gets or sets the sum of its lines.</summary>
    public decimal Total { get; set; }

    /// <summary>Gets or sets when it was placed.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets the row version.</summary>
    public long Version { get; set; }
}

/// <summary>A product bought in an order, with the name and price it had then: a row of <c>order_lines</c>.</summary>
[Table("order_lines")]
public sealed class OrderLine
{
    /// <summary>Gets or sets the id, assigned by the database.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the order's id.</summary>
    public long OrderId { get; set; }

    /// <summary>Gets or sets the product's id.</summary>
    public long ProductId { get; set; }

    /// <summary>Gets or sets the product's name at checkout.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the unit price at checkout.</summary>
    public decimal Price { get; set; }

    /// <summary>Gets or sets how many.</summary>
    public int Quantity { get; set; }

    /// <summary>Gets or sets the row version.</summary>
    public long Version { get; set; }
}

/// <summary>An order as clients see it: <c>{id, items, total, createdAt}</c>.</summary>
/// <param name="Id">The order's id.</param>
/// <param name="Items">What was bought.</param>
/// <param name="Total">The sum of price × quantity.</param>
/// <param name="CreatedAt">When it was placed.</param>
public sealed record OrderView(long Id, IReadOnlyList<Carts.ItemView> Items, decimal Total, DateTimeOffset CreatedAt);
