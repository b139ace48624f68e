using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Samples.Shop.Tests;

/// <summary>The shop's HTTP contract, black box, over the in-memory test host (the server's own HTTP/1.1 code) and real data files.</summary>
public sealed class ShopContractTests : IAsyncLifetime
{
    private ShopServer _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopServer.StartAsync();

    public Task DisposeAsync() => _shop.DisposeAndDeleteAsync();

    [Fact]
    public async Task Products_Anonymous_ListsAtLeastTenSeededProducts()
    {
        using var client = _shop.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/products?pageSize=100");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 10, $"{items.Count} products");
        Assert.All(items, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.GetProperty("name").GetString()));
            Assert.Equal(JsonValueKind.String, p.GetProperty("description").ValueKind);
            Assert.True(p.GetProperty("price").GetDecimal() > 0);
            Assert.True(p.GetProperty("stock").GetInt32() >= 0);
        });
        Assert.Contains(items, p => p.GetProperty("price").GetDecimal() == 8.50m);
    }

    [Fact]
    public async Task Products_GetOne_AnonymousReadsIt_UnknownIs404()
    {
        using var client = _shop.CreateClient();

        var product = await client.GetFromJsonAsync<JsonElement>("/api/products/1");
        var missing = await client.GetAsync("/api/products/999999");

        Assert.Equal(1, product.GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Products_Writes_AnonymousIs401_UserIs403()
    {
        using var anonymous = _shop.CreateClient();
        using var user = await _shop.SignInAsync("carol");
        var body = new { name = "Mug", description = "", price = 3.5m, stock = 4 };

        var anonymousCreate = await anonymous.PostAsJsonAsync("/api/products", body);
        var userCreate = await user.PostAsJsonAsync("/api/products", body);
        var userUpdate = await user.PutAsJsonAsync("/api/products/1", body);
        var userDelete = await user.DeleteAsync("/api/products/1");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousCreate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userCreate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userDelete.StatusCode);
        Assert.Equal(200, (int)(await anonymous.GetAsync("/api/products/1")).StatusCode);
    }

    [Fact]
    public async Task Products_AdminFromConfiguration_CreatesUpdatesDeletes()
    {
        using var admin = await _shop.SignInAsync(ShopServer.AdminUserName);
        using var anonymous = _shop.CreateClient();

        var created = await admin.PostAsJsonAsync("/api/products", new { name = "Mug", description = "Blue", price = 12.34m, stock = 7 });
        var location = created.Headers.Location!.OriginalString;
        var updated = await admin.PutAsJsonAsync(location, new { name = "Big mug", description = "Blue", price = 13.99m, stock = 6 });
        var read = await anonymous.GetFromJsonAsync<JsonElement>(location);
        var deleted = await admin.DeleteAsync(location);
        var gone = await anonymous.GetAsync(location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Big mug", read.GetProperty("name").GetString());
        Assert.Equal(13.99m, read.GetProperty("price").GetDecimal());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"description\":\"\",\"price\":1,\"stock\":1}")]
    [InlineData("{\"name\":\"x\",\"description\":\"\",\"price\":-1,\"stock\":1}")]
    [InlineData("{\"name\":\"x\",\"description\":\"\",\"price\":1,\"stock\":-5}")]
    [InlineData("{\"name\":\"x\",\"description\":\"\",\"price\":\"cheap\",\"stock\":1}")]
    [InlineData("{\"name\":\"x\",")]
    public async Task Products_AdminBadBody_400AndNothingStored(string json)
    {
        using var admin = await _shop.SignInAsync(ShopServer.AdminUserName);
        var before = await CountProductsAsync(admin);

        var response = await admin.PostAsync("/api/products", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountProductsAsync(admin));
    }

    [Theory]
    [InlineData("GET", "/api/cart")]
    [InlineData("POST", "/api/cart/items")]
    [InlineData("DELETE", "/api/cart/items/1")]
    [InlineData("GET", "/api/orders")]
    [InlineData("POST", "/api/orders")]
    [InlineData("GET", "/api/orders/1")]
    [InlineData("GET", "/api/history")]
    public async Task PersonalRoutes_Anonymous_401(string method, string path)
    {
        using var client = _shop.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json("{\"productId\":1,\"quantity\":1}") : null };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Cart_AddAddRemove_AnswersTheCartWithNamesPricesAndTotal()
    {
        using var client = await _shop.SignInAsync("alice");
        var p1 = await ProductAsync(client, 1);
        var p2 = await ProductAsync(client, 2);

        var empty = await client.GetFromJsonAsync<JsonElement>("/api/cart");
        var first = await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 2 });
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 2, quantity = 1 });
        var again = await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 1 });
        var cart = await client.GetFromJsonAsync<JsonElement>("/api/cart");
        var removed = await client.DeleteAsync("/api/cart/items/1");
        var afterRemove = await removed.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Empty(empty.GetProperty("items").EnumerateArray());
        Assert.Equal(0m, empty.GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var items = cart.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var line = items.Single(i => i.GetProperty("productId").GetInt64() == 1);
        Assert.Equal(p1.GetProperty("name").GetString(), line.GetProperty("name").GetString());
        Assert.Equal(p1.GetProperty("price").GetDecimal(), line.GetProperty("price").GetDecimal());
        Assert.Equal(3, line.GetProperty("quantity").GetInt32());
        Assert.Equal((p1.GetProperty("price").GetDecimal() * 3) + p2.GetProperty("price").GetDecimal(), cart.GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(2, Assert.Single(afterRemove.GetProperty("items").EnumerateArray()).GetProperty("productId").GetInt64());
        Assert.Equal(p2.GetProperty("price").GetDecimal(), afterRemove.GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("{\"productId\":1,\"quantity\":0}")]
    [InlineData("{\"productId\":1,\"quantity\":-3}")]
    [InlineData("{\"productId\":1}")]
    [InlineData("{\"quantity\":1}")]
    [InlineData("{\"productId\":1,\"quantity\":\"two\"}")]
    [InlineData("{\"productId\":\"one\",\"quantity\":1}")]
    [InlineData("{\"productId\":1,\"quantity\":1.5}")]
    [InlineData("{\"productId\":1,\"quantity\":99999999999}")]
    [InlineData("{\"productId\":1,\"quantity\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Cart_AddBadBody_400AndCartUnchanged(string json)
    {
        using var client = await _shop.SignInAsync("bob");

        var response = await client.PostAsync("/api/cart/items", Json(json));
        var cart = await client.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(cart.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Cart_UnknownProduct_404()
    {
        using var client = await _shop.SignInAsync("bob");

        var add = await client.PostAsJsonAsync("/api/cart/items", new { productId = 999999, quantity = 1 });
        var remove = await client.DeleteAsync("/api/cart/items/999999");
        var cart = await client.GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        Assert.Empty(cart.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Cart_CookieWithoutCsrfToken_403AndUnchanged_BearerNeedsNone()
    {
        using var client = await _shop.SignInAsync("dave");
        client.DefaultRequestHeaders.Remove("X-CSRF-Token");
        using var bearer = _shop.CreateClient();
        var login = await bearer.PostAsJsonAsync("/auth/login", new { userName = "dave", password = "a-good-password-1", token = true });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var withoutToken = await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 1 });
        var wrongToken = await SendAsync(client, HttpMethod.Post, "/api/cart/items", new { productId = 1, quantity = 1 }, ("X-CSRF-Token", "not-the-token"));
        var checkout = await client.PostAsync("/api/orders", null);
        var cart = await client.GetFromJsonAsync<JsonElement>("/api/cart");
        var byBearer = await bearer.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, checkout.StatusCode);
        Assert.Empty(cart.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
    }

    [Fact]
    public async Task Checkout_Cart_201WithOrderLocationStockTakenCartEmptied()
    {
        using var client = await _shop.SignInAsync("erin");
        var stock1 = (await ProductAsync(client, 1)).GetProperty("stock").GetInt32();
        var stock2 = (await ProductAsync(client, 2)).GetProperty("stock").GetInt32();
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 2 });
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 2, quantity = 1 });
        var cartTotal = (await client.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("total").GetDecimal();

        var response = await client.PostAsync("/api/orders", null);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal($"/api/orders/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(cartTotal, order.GetProperty("total").GetDecimal());
        Assert.True(order.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var items = order.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(1L, 2), (2L, 1)], items.Select(i => (i.GetProperty("productId").GetInt64(), i.GetProperty("quantity").GetInt32())).Order());
        Assert.Equal(stock1 - 2, (await ProductAsync(client, 1)).GetProperty("stock").GetInt32());
        Assert.Equal(stock2 - 1, (await ProductAsync(client, 2)).GetProperty("stock").GetInt32());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").EnumerateArray());
        var fetched = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(id, fetched.GetProperty("id").GetInt64());
        Assert.Equal(2, fetched.GetProperty("items").GetArrayLength());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Checkout_EmptyCart_400AndNoOrder()
    {
        using var client = await _shop.SignInAsync("frank");

        var response = await client.PostAsync("/api/orders", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/orders")).EnumerateArray());
    }

    [Fact]
    public async Task Checkout_InsufficientStock_409AndNothingChanges()
    {
        using var client = await _shop.SignInAsync("gina");
        var stock1 = (await ProductAsync(client, 1)).GetProperty("stock").GetInt32();
        var stock12 = (await ProductAsync(client, 12)).GetProperty("stock").GetInt32();
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 1 });
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 12, quantity = stock12 + 1 });
        var cartBefore = await client.GetStringAsync("/api/cart");

        var response = await client.PostAsync("/api/orders", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(stock1, (await ProductAsync(client, 1)).GetProperty("stock").GetInt32());
        Assert.Equal(stock12, (await ProductAsync(client, 12)).GetProperty("stock").GetInt32());
        Assert.Equal(cartBefore, await client.GetStringAsync("/api/cart"));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/orders")).EnumerateArray());
    }

    [Fact]
    public async Task Checkout_ExactlyTheStock_LeavesZeroAndTheNextCheckoutIs409()
    {
        using var first = await _shop.SignInAsync("hank");
        using var second = await _shop.SignInAsync("ivy");
        var stock = (await ProductAsync(first, 12)).GetProperty("stock").GetInt32();
        await first.PostAsJsonAsync("/api/cart/items", new { productId = 12, quantity = stock });
        await second.PostAsJsonAsync("/api/cart/items", new { productId = 12, quantity = 1 });

        var taken = await first.PostAsync("/api/orders", null);
        var late = await second.PostAsync("/api/orders", null);

        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(0, (await ProductAsync(first, 12)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task Orders_AnotherUsersOrder_404_AdminSeesIt_ListsOnlyOwn()
    {
        using var owner = await _shop.SignInAsync("jack");
        using var other = await _shop.SignInAsync("kate");
        using var admin = await _shop.SignInAsync(ShopServer.AdminUserName);
        await owner.PostAsJsonAsync("/api/cart/items", new { productId = 3, quantity = 1 });
        var location = (await owner.PostAsync("/api/orders", null)).Headers.Location!;

        var byOther = await other.GetAsync(location);
        var missing = await other.GetAsync("/api/orders/999999");
        var byAdmin = await admin.GetAsync(location);
        var byOwner = await owner.GetAsync(location);
        var otherList = await other.GetFromJsonAsync<JsonElement>("/api/orders");

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Empty(otherList.EnumerateArray());
    }

    [Fact]
    public async Task History_OpenedProducts_LastTenNewestFirstWithoutDuplicates()
    {
        using var client = await _shop.SignInAsync("liam");
        using var other = await _shop.SignInAsync("mia");
        using var anonymous = _shop.CreateClient();

        foreach (var id in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3, 12 })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/products/{id}")).StatusCode);
        }

        await client.GetAsync("/api/products/999999");
        await client.GetAsync("/api/products");
        await anonymous.GetAsync("/api/products/5");
        await other.GetAsync("/api/products/7");
        var history = await client.GetFromJsonAsync<JsonElement>("/api/history");
        var otherHistory = await other.GetFromJsonAsync<JsonElement>("/api/history");

        Assert.Equal([12L, 3, 11, 10, 9, 8, 7, 6, 5, 4], history.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.All(history.EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("name").GetString())));
        Assert.Equal([7L], otherHistory.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task History_Fresh_Empty()
    {
        using var client = await _shop.SignInAsync("nora");

        var history = await client.GetFromJsonAsync<JsonElement>("/api/history");

        Assert.Empty(history.EnumerateArray());
    }

    [Fact]
    public async Task Auth_MappedUnderAuth_RegisterLoginMeLogout()
    {
        using var client = _shop.CreateClient();

        var register = await client.PostAsJsonAsync("/auth/register", new { userName = "olga", password = "a-good-password-1" });
        var taken = await client.PostAsJsonAsync("/auth/register", new { userName = "olga", password = "a-good-password-1" });
        var badLogin = await client.PostAsJsonAsync("/auth/login", new { userName = "olga", password = "wrong-password-1" });
        var login = await client.PostAsJsonAsync("/auth/login", new { userName = "olga", password = "a-good-password-1" });
        var me = await client.GetFromJsonAsync<JsonElement>("/auth/me");
        var csrf = await client.GetFromJsonAsync<JsonElement>("/auth/csrf");
        var logout = await SendAsync(client, HttpMethod.Post, "/auth/logout", null, ("X-CSRF-Token", csrf.GetProperty("token").GetString()!));
        var after = await client.GetAsync("/auth/me");

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("olga", me.GetProperty("userName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task OpenApiHealthAndPages_Served()
    {
        using var client = _shop.CreateClient();

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi.json");
        var health = await client.GetAsync("/health");
        var index = await client.GetStringAsync("/");

        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/products", out _));
        Assert.True(paths.TryGetProperty("/api/cart/items", out _));
        Assert.True(paths.TryGetProperty("/api/orders/{id}", out _));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("<h1>Catalog</h1>", index, StringComparison.Ordinal);
        foreach (var page in new[] { "/product.html", "/signin.html", "/register.html", "/cart.html", "/orders.html", "/admin.html", "/app.js", "/style.css" })
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, page);
            Assert.DoesNotContain("http", (await response.Content.ReadAsStringAsync()).Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProductAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/products/{id}");

    private static async Task<int> CountProductsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/products?pageSize=100")).GetProperty("items").GetArrayLength();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, (string Name, string Value) header)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Remove(header.Name);
        request.Headers.Add(header.Name, header.Value);
        return await client.SendAsync(request);
    }
}
