using Microsoft.Extensions.Logging;
using Shop.Carts;

namespace Shop.Orders;

/// <summary><c>/api/orders</c>: checkout and the caller's orders, in SQL.</summary>
internal static partial class OrderEndpoints
{
    public static void MapOrders(this IEndpointRouteBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("", CheckoutAsync).WithSummary("Checks the cart out: takes the stock and places an order, all or nothing.");
        orders.MapGet("", ListAsync).WithSummary("The caller's orders, newest first.");
        orders.MapGet("/{id:long}", GetAsync).WithSummary("One order: its owner's or, for an admin, anyone's.");
    }

    private static async Task<IResult> CheckoutAsync(
        HttpContext context, IDocumentStore documents, ISqlDatabase sql, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Shop.Orders");
        var userId = context.UserId();
        var carts = documents.GetCollection<Cart>();
        var cart = await carts.FindByIdAsync(userId, cancellationToken);
        if (cart is null || cart.Lines.Count == 0)
        {
            return Results.BadRequest("The cart is empty: add products before checking out.");
        }

        // One transaction: every stock decrement and the order commit together, or none does (disposal without commit rolls back).
        // Lines go in product order so two checkouts lock rows in the same order.
        await using var transaction = await sql.BeginTransactionAsync(cancellationToken);
        var lines = new List<OrderLine>();
        foreach (var line in cart.Lines.OrderBy(l => l.ProductId))
        {
            var taken = await transaction.QueryFirstOrDefaultAsync<ProductTaken>(
                "UPDATE products SET stock = stock - @quantity, version = version + 1 WHERE id = @id AND stock >= @quantity RETURNING name, price",
                new { id = line.ProductId, quantity = line.Quantity }, cancellationToken);
            if (taken is null)
            {
                var stock = await transaction.QueryFirstOrDefaultAsync<ProductStock>(
                    "SELECT name, stock FROM products WHERE id = @id", new { id = line.ProductId }, cancellationToken);
                LogInsufficientStock(logger, userId, line.ProductId, line.Quantity, stock?.Stock ?? 0);
                return Results.Conflict(stock is null
                    ? $"Product {line.ProductId} is no longer sold: remove it from the cart."
                    : $"Only {stock.Stock} of '{stock.Name}' left; the cart asks for {line.Quantity}.");
            }

            lines.Add(new OrderLine { ProductId = line.ProductId, Name = taken.Name, Price = taken.Price, Quantity = line.Quantity });
        }

        var order = await transaction.GetRepository<Order, long>().InsertAsync(
            new Order { UserId = userId, Total = lines.Sum(l => l.Price * l.Quantity), CreatedAt = clock.GetUtcNow() }, cancellationToken);
        var lineRepository = transaction.GetRepository<OrderLine, long>();
        foreach (var line in lines)
        {
            line.OrderId = order.Id;
            await lineRepository.InsertAsync(line, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // The cart is another store, so it is emptied after the commit: a crash in between leaves the order and a full
        // cart, never an emptied cart without its order.
        await carts.DeleteAsync(userId, cancellationToken);
        LogOrderPlaced(logger, order.Id, userId, lines.Count, order.Total);
        return Results.Created($"/api/orders/{order.Id}", View(order, lines));
    }

    private static async Task<IResult> ListAsync(HttpContext context, ISqlDatabase sql, CancellationToken cancellationToken)
    {
        var orders = await sql.QueryAsync<Order>(
            "SELECT id, user_id, total, created_at, version FROM orders WHERE user_id = @userId ORDER BY id DESC", new { userId = context.UserId() }, cancellationToken);
        return Results.Ok(await ViewsAsync(sql, orders, cancellationToken));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, ISqlDatabase sql, CancellationToken cancellationToken)
    {
        var order = await sql.GetRepository<Order, long>().GetAsync(id, cancellationToken);

        // Someone else's order answers exactly like a missing one, so ids reveal nothing.
        if (order is null || (order.UserId != context.UserId() && !context.User.IsInRole(ShopUser.AdminRole)))
        {
            return Results.NotFound($"No order of yours has the id {id}.");
        }

        return Results.Ok((await ViewsAsync(sql, [order], cancellationToken))[0]);
    }

    private static async Task<List<OrderView>> ViewsAsync(ISqlExecutor sql, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return [];
        }

        var lines = await sql.QueryAsync<OrderLine>(
            "SELECT id, order_id, product_id, name, price, quantity, version FROM order_lines WHERE order_id IN (@ids) ORDER BY id",
            new { ids = orders.Select(o => o.Id).ToArray() }, cancellationToken);
        var byOrder = lines.ToLookup(l => l.OrderId);
        return [.. orders.Select(o => View(o, byOrder[o.Id]))];
    }

    private static OrderView View(Order order, IEnumerable<OrderLine> lines) =>
        new(order.Id, [.. lines.Select(l => new ItemView(l.ProductId, l.Name, l.Price, l.Quantity))], order.Total, order.CreatedAt);

    private sealed record ProductTaken(string Name, decimal Price);

    private sealed record ProductStock(string Name, int Stock);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {OrderId} placed by {UserId}: {LineCount} lines, total {Total}")]
    private static partial void LogOrderPlaced(ILogger logger, long orderId, string userId, int lineCount, decimal total);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Checkout of {UserId} refused: product {ProductId} has {Stock} left, the cart asks for {Quantity}")]
    private static partial void LogInsufficientStock(ILogger logger, string userId, long productId, int quantity, int stock);
}
