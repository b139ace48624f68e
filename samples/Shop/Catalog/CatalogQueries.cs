namespace Shop.Catalog;

/// <summary>Reads products by id for the cart, the orders and the history, in one query.</summary>
internal static class CatalogQueries
{
    public static async ValueTask<Dictionary<long, Product>> FindAsync(ISqlExecutor sql, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToArray();
        if (list.Length == 0)
        {
            return [];
        }

        var rows = await sql.QueryAsync<Product>(
            "SELECT id, name, description, price, stock, version FROM products WHERE id IN (@ids)", new { ids = list }, cancellationToken);
        return rows.ToDictionary(p => p.Id);
    }
}
