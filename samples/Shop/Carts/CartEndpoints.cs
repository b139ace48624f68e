using Shop.Catalog;

namespace Shop.Carts;

/// <summary><c>/api/cart</c>: the signed-in user's cart, kept as a document.</summary>
internal static class CartEndpoints
{
    // Two requests changing the same cart at once: the loser re-reads and tries again, a bounded number of times.
    private const int MaxAttempts = 5;

    public static void MapCart(this IEndpointRouteBuilder api)
    {
        var cart = api.MapGroup("/cart").WithTags("Cart");
        cart.MapGet("", GetAsync).WithSummary("The caller's cart.");
        cart.MapPost("/items", AddAsync).WithSummary("Adds a quantity of a product to the cart.");
        cart.MapDelete("/items/{productId:long}", RemoveAsync).WithSummary("Removes a product from the cart.");
    }

    private static async Task<IResult> GetAsync(HttpContext context, IDocumentStore documents, ISqlDatabase sql, CancellationToken cancellationToken)
    {
        var cart = await documents.GetCollection<Cart>().FindByIdAsync(context.UserId(), cancellationToken);
        return Results.Ok(await ViewAsync(cart, sql, cancellationToken));
    }

    private static async Task<IResult> AddAsync(
        AddCartItem item, HttpContext context, IDocumentStore documents, ISqlDatabase sql, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await ProductExistsAsync(sql, item.ProductId, cancellationToken))
        {
            return Results.NotFound($"No product has the id {item.ProductId}.");
        }

        var (cart, error) = await ChangeAsync(context.UserId(), documents, clock, cart =>
        {
            var line = cart.Lines.Find(l => l.ProductId == item.ProductId);
            if (line is null)
            {
                cart.Lines.Add(new CartLine { ProductId = item.ProductId, Quantity = item.Quantity });
                return null;
            }

            if ((long)line.Quantity + item.Quantity > int.MaxValue)
            {
                return Results.BadRequest("That is more than a cart can hold.");
            }

            line.Quantity += item.Quantity;
            return null;
        }, cancellationToken);
        return error ?? Results.Ok(await ViewAsync(cart, sql, cancellationToken));
    }

    private static async Task<IResult> RemoveAsync(
        long productId, HttpContext context, IDocumentStore documents, ISqlDatabase sql, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = await documents.GetCollection<Cart>().FindByIdAsync(context.UserId(), cancellationToken);
        if (current is null || !current.Lines.Exists(l => l.ProductId == productId))
        {
            // Nothing to remove: fine for a product of the catalog, unknown otherwise.
            return await ProductExistsAsync(sql, productId, cancellationToken)
                ? Results.Ok(await ViewAsync(current, sql, cancellationToken))
                : Results.NotFound($"No product has the id {productId}.");
        }

        var (cart, _) = await ChangeAsync(context.UserId(), documents, clock, cart =>
        {
            cart.Lines.RemoveAll(l => l.ProductId == productId);
            return null;
        }, cancellationToken);
        return Results.Ok(await ViewAsync(cart, sql, cancellationToken));
    }

    private static async ValueTask<bool> ProductExistsAsync(ISqlExecutor sql, long id, CancellationToken cancellationToken) =>
        await sql.ExecuteScalarAsync<long?>("SELECT id FROM products WHERE id = @id", new { id }, cancellationToken) is not null;

    /// <summary>Reads, changes and stores the user's cart with optimistic concurrency; <paramref name="change"/> may refuse with a result.</summary>
    private static async Task<(Cart Cart, IResult? Error)> ChangeAsync(
        string userId, IDocumentStore documents, TimeProvider clock, Func<Cart, IResult?> change, CancellationToken cancellationToken)
    {
        var carts = documents.GetCollection<Cart>();
        for (var attempt = 1; ; attempt++)
        {
            var stored = await carts.FindByIdAsync(userId, cancellationToken);
            var cart = stored ?? new Cart { Id = userId };
            if (change(cart) is { } error)
            {
                return (cart, error);
            }

            cart.UpdatedAt = clock.GetUtcNow();
            try
            {
                // Update is false when a checkout deleted the cart in between; the next attempt starts from an empty one.
                if (stored is null)
                {
                    await carts.InsertAsync(cart, cancellationToken);
                    return (cart, null);
                }

                if (await carts.UpdateAsync(cart, cancellationToken))
                {
                    return (cart, null);
                }
            }
            catch (StorageException exception) when (exception is ConcurrencyConflictException or DuplicateKeyException && attempt < MaxAttempts)
            {
            }

            if (attempt >= MaxAttempts)
            {
                throw new ConcurrencyConflictException($"The cart of '{userId}' changed {MaxAttempts} times while being updated.");
            }
        }
    }

    /// <summary>The cart with the catalog's current names and prices; lines whose product was deleted are left out.</summary>
    internal static async Task<CartView> ViewAsync(Cart? cart, ISqlExecutor sql, CancellationToken cancellationToken)
    {
        if (cart is null || cart.Lines.Count == 0)
        {
            return new CartView([], 0m);
        }

        var products = await CatalogQueries.FindAsync(sql, cart.Lines.Select(l => l.ProductId), cancellationToken);
        var items = cart.Lines
            .Where(l => products.ContainsKey(l.ProductId))
            .Select(l => new ItemView(l.ProductId, products[l.ProductId].Name, products[l.ProductId].Price, l.Quantity))
            .ToList();
        return new CartView(items, items.Sum(i => i.Price * i.Quantity));
    }
}
