using System.Security.Claims;
using Microsoft.Extensions.Configuration;

namespace BackEndApi;

/// <summary>The app's composition, shared by <c>Program.cs</c> and the tests.</summary>
public static class ApiApp
{
    /// <summary>The role that may create, change and delete products.</summary>
    public const string AdminRole = "admin";

    /// <summary>Registers storage (SQL for products and accounts, documents for carts), sign-in and the routes.</summary>
    /// <param name="builder">The BackEnd builder of the host.</param>
    /// <param name="configuration">Reads <c>App:DataPath</c>, <c>App:AdminUserName</c> and <c>App:AdminPassword</c>.</param>
    /// <returns>The same builder.</returns>
    public static IBackEndBuilder AddApi(this IBackEndBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var data = Path.GetFullPath(configuration["App:DataPath"] is { Length: > 0 } path ? path : "data");
        Directory.CreateDirectory(data);
        builder.Services.Configure<StorageCursorOptions>(o => o.KeyFile ??= Path.Combine(data, "cursor.key"));
        builder.Services.AddSingleton(new AdminAccount(configuration["App:AdminUserName"], configuration["App:AdminPassword"]));

        builder
            // Documents first: the storage added last serves IRepository<,>, and that is SQL here.
            .AddDocumentStorage(o => o.UseLiteDb($"Filename={Path.Combine(data, "documents.db")}"))
            .AddSqlStorage(o => o.UseSqlite($"Data Source={Path.Combine(data, "app.db")}").AddMigrationsFromAssembly(typeof(ApiApp).Assembly))
            .AddAuth()
            .AddAuthMigrations()
            .Configure(app =>
            {
                app.MapAuthEndpoints("/auth");
                app.MapResource<Product, long>("/api/products", r => r.Endpoints(ResourceOperations.Write, e => e.RequireRole(AdminRole)));
                app.MapGet("/api/cart", GetCartAsync).RequireAuthorization();
                app.MapPost("/api/cart/items", AddToCartAsync).RequireAuthorization();
                app.MapOpenApi();
                app.MapHealthChecks("/health");
            });

        // After the storage, so the migrations have run when it starts.
        builder.Services.AddHostedService<AdminSeeder>();
        return builder;
    }

    private static async Task<Cart> GetCartAsync(HttpContext context, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var userId = UserId(context);
        return await documents.GetCollection<Cart>().FindByIdAsync(userId, cancellationToken) ?? new Cart { Id = userId };
    }

    private static async Task<IResult> AddToCartAsync(AddToCart body, HttpContext context, IRepository<Product, long> products, IDocumentStore documents, CancellationToken cancellationToken)
    {
        if (body.Quantity < 1)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["quantity"] = ["The quantity must be at least 1."] });
        }

        if (await products.GetAsync(body.ProductId, cancellationToken) is not { } product)
        {
            return Results.NotFound($"There is no product {body.ProductId}.");
        }

        var carts = documents.GetCollection<Cart>();
        var cart = await GetCartAsync(context, documents, cancellationToken);
        var quantity = body.Quantity + (cart.Items.Find(i => i.ProductId == product.Id)?.Quantity ?? 0);
        cart.Items.RemoveAll(i => i.ProductId == product.Id);
        cart.Items.Add(new CartItem(product.Id, product.Name, product.Price, quantity));
        await carts.UpsertAsync(cart, cancellationToken);
        return Results.Ok(cart);
    }

    private static string UserId(HttpContext context) => context.User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
}
