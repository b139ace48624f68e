using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Samples.Shop.Tests;

/// <summary>What happens across starts and under concurrency: the data folder, the seeding, and stock that never goes negative.</summary>
public sealed class ShopLifecycleTests
{
    [Fact]
    public async Task Restart_SameDataFolder_KeepsDataAndDoesNotSeedAgain()
    {
        var first = await ShopServer.StartAsync();
        long orderId;
        int count;
        try
        {
            using var admin = await first.SignInAsync(ShopServer.AdminUserName);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/products/2")).StatusCode);
            using var user = await first.SignInAsync("tom");
            await user.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 1 });
            orderId = (await (await user.PostAsync("/api/orders", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await user.PostAsJsonAsync("/api/cart/items", new { productId = 3, quantity = 4 });
            count = (await admin.GetFromJsonAsync<JsonElement>("/api/products")).GetProperty("total").GetInt32();
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.True(File.Exists(Path.Combine(first.DataPath, "shop.db")));
        Assert.True(File.Exists(Path.Combine(first.DataPath, "shop-documents.db")));
        var second = await ShopServer.StartAsync(dataPath: first.DataPath);
        try
        {
            using var anonymous = second.CreateClient();
            using var user = second.CreateClient();
            (await user.PostAsJsonAsync("/auth/login", new { userName = "tom", password = "a-good-password-1" })).EnsureSuccessStatusCode();

            var products = await anonymous.GetFromJsonAsync<JsonElement>("/api/products");
            var deleted = await anonymous.GetAsync("/api/products/2");
            var order = await user.GetAsync($"/api/orders/{orderId}");
            var cart = await user.GetFromJsonAsync<JsonElement>("/api/cart");

            Assert.Equal(count, products.GetProperty("total").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.OK, order.StatusCode);
            Assert.Equal(4, Assert.Single(cart.GetProperty("items").EnumerateArray()).GetProperty("quantity").GetInt32());
        }
        finally
        {
            await second.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async Task NoAdminPassword_NoAdminAccount()
    {
        var shop = await ShopServer.StartAsync(settings: new Dictionary<string, string?> { ["Shop:AdminPassword"] = null });
        try
        {
            using var client = shop.CreateClient();

            var login = await client.PostAsJsonAsync("/auth/login", new { userName = ShopServer.AdminUserName, password = ShopServer.AdminPassword });

            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }
        finally
        {
            await shop.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async Task ConcurrentCheckouts_MoreWantedThanStocked_StockNeverNegative()
    {
        var shop = await ShopServer.StartAsync();
        try
        {
            // Product 12 starts with 5: four shoppers want 2 each, so exactly two orders fit.
            var clients = new List<HttpClient>();
            for (var i = 0; i < 4; i++)
            {
                var client = await shop.SignInAsync("buyer" + i);
                await client.PostAsJsonAsync("/api/cart/items", new { productId = 12, quantity = 2 });
                clients.Add(client);
            }

            var responses = await Task.WhenAll(clients.Select(c => c.PostAsync("/api/orders", null)));
            var stock = (await clients[0].GetFromJsonAsync<JsonElement>("/api/products/12")).GetProperty("stock").GetInt32();

            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            Assert.Equal(1, stock);
            clients.ForEach(c => c.Dispose());
        }
        finally
        {
            await shop.DisposeAndDeleteAsync();
        }
    }
}
