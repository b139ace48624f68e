using System.Net;
using Microsoft.Extensions.Configuration;
using Shop.Carts;
using Shop.Catalog;
using Shop.History;
using Shop.Orders;

namespace Shop;

/// <summary>The shop's composition, shared by <c>Program.cs</c> and the tests that run the shop.</summary>
public static class ShopApp
{
    /// <summary>
    /// Registers storage (SQL for accounts, catalog and orders; documents for carts; key/value for history), accounts, the
    /// start-up seeding and every endpoint, from configuration: <c>Shop:DataPath</c>, <c>Shop:AdminUserName</c>,
    /// <c>Shop:AdminPassword</c>, <c>Shop:DocumentEngine</c>, <c>Shop:TrustedProxies</c>, <c>ConnectionStrings:Postgres</c> and <c>ConnectionStrings:Redis</c>.
    /// </summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddShop(this IBackEndBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var dataPath = Path.GetFullPath(configuration["Shop:DataPath"] is { Length: > 0 } path ? path : "data");
        Directory.CreateDirectory(dataPath);
        var postgres = configuration.GetConnectionString("Postgres");
        var redis = configuration.GetConnectionString("Redis");
        var documentEngine = Enum.Parse<DocumentEngine>(configuration["Shop:DocumentEngine"] ?? (postgres is null ? "LiteDb" : "Postgres"), ignoreCase: true);

        // Behind a proxy: the client's address and scheme come from the X-Forwarded-* headers of these peers only, before
        // anything (logging, sign-in limits, Secure cookies) reads them.
        if (configuration["Shop:TrustedProxies"] is { Length: > 0 } proxies)
        {
            builder.AddForwardedHeaders(o =>
            {
                o.KnownProxies.Clear();
                foreach (var proxy in proxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                        ? address
                        : throw new InvalidOperationException($"Shop:TrustedProxies holds '{proxy}', which is no IP address; list the proxies' addresses, comma-separated."));
                }
            });
            builder.Configure(app => app.UseForwardedHeaders());
        }

        // Request logging first, so its line covers what the auth middleware (added next) answers too.
        builder.Configure(app => app.UseRequestLogging());
        builder
            .AddDocumentStorage(o =>
            {
                if (documentEngine == DocumentEngine.Postgres)
                {
                    o.UsePostgres(postgres ?? throw new InvalidOperationException("Shop:DocumentEngine is Postgres, but ConnectionStrings:Postgres is not set."));
                }
                else
                {
                    o.UseLiteDb($"Filename={Path.Combine(dataPath, "shop-documents.db")}");
                }

                if (redis is not null)
                {
                    o.UseRedisForKeyValue(redis);
                }
            })
            // Added after the documents, so SQL serves IEntityStore and IRepository<,>: accounts, products and orders.
            .AddSqlStorage(o =>
            {
                if (postgres is null)
                {
                    o.UseSqlite($"Data Source={Path.Combine(dataPath, "shop.db")}");
                }
                else
                {
                    o.UsePostgres(postgres);
                }

                o.AddMigrationsFromAssembly(typeof(ShopApp).Assembly);
            })
            .AddAuth()
            .AddAuthMigrations();
        builder.Services.Configure<StorageCursorOptions>(o => o.KeyFile ??= Path.Combine(dataPath, "cursor.key"));

        // After AddSqlStorage, so it starts once the migrations have run.
        builder.Services.AddHostedService(sp => new ShopSeeder(sp, configuration));

        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return builder.Configure(app =>
        {
            app.MapAuthEndpoints("/auth");
            app.MapResource<Product, long>("/api/products", r => r
                .Filterable(p => p.Name, p => p.Price, p => p.Stock)
                .Sortable(p => p.Name, p => p.Price, p => p.Stock)
                .Endpoints(ResourceOperations.Write, e => e.RequireRole(ShopUser.AdminRole))
                .Endpoints(ResourceOperations.Get, e => e.AddEndpointFilter(HistoryEndpoints.RecordOpenedAsync)))
                .WithTags("Products");

            var api = app.MapGroup("/api").RequireAuthorization();
            api.MapCart();
            api.MapOrders();
            api.MapHistory();

            app.MapOpenApi("/openapi.json", o =>
            {
                o.Title = "Shop";
                o.Description = "The BackEnd sample shop: catalog, cart, orders and history.";
            });
            app.MapHealthChecks("/health");
            app.MapStaticFiles("/", webRoot);
        });
    }
}
