using System.Globalization;
using Shop.Catalog;

namespace Shop.History;

/// <summary>The products a signed-in user opened lately, kept in the key/value store with an expiry.</summary>
internal static class HistoryEndpoints
{
    public const int Length = 10;

    private const int MaxAttempts = 10;

    private static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    public static void MapHistory(this IEndpointRouteBuilder api) =>
        api.MapGet("/history", ListAsync).WithTags("History").WithSummary("The last products the caller opened, newest first.");

    /// <summary>A filter for <c>GET /api/products/{id}</c> that records the product for a signed-in user before it is served.</summary>
    public static async ValueTask<object?> RecordOpenedAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.UserIdOrNull() is { } userId
            && long.TryParse(context.Request.RouteValues["id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var productId)
            && await context.RequestServices.GetRequiredService<IRepository<Product, long>>().GetAsync(productId, context.RequestAborted) is not null)
        {
            await RecordAsync(context.RequestServices.GetRequiredService<IKeyValueStore>(), userId, productId, context.RequestAborted);
        }

        return await next(invocation);
    }

    /// <summary>Moves the product to the front of the user's list, atomically (compare-and-set), so it holds each product once.</summary>
    private static async ValueTask RecordAsync(IKeyValueStore store, string userId, long productId, CancellationToken cancellationToken)
    {
        var key = Key(userId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken);
            var ids = Parse(current).Where(id => id != productId).Prepend(productId).Take(Length);
            if (await store.CompareAndSetAsync(key, current, string.Join(',', ids), TimeToLive, cancellationToken))
            {
                return;
            }
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, IKeyValueStore store, ISqlDatabase sql, CancellationToken cancellationToken)
    {
        var ids = Parse(await store.GetAsync(Key(context.UserId()), cancellationToken)).ToList();
        var products = await CatalogQueries.FindAsync(sql, ids, cancellationToken);
        return Results.Ok(ids.Where(products.ContainsKey).Select(id => products[id]).ToList());
    }

    private static string Key(string userId) => "history:" + userId;

    private static IEnumerable<long> Parse(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture));
}
