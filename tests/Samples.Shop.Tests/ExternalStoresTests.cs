using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Samples.Shop.Tests;

/// <summary>A fact that runs only when <c>BACKEND_TEST_POSTGRES</c> names a PostgreSQL server, and says so when skipped.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES")))
        {
            Skip = "BACKEND_TEST_POSTGRES is not set; set it to a PostgreSQL connection string to run the shop on PostgreSQL.";
        }
    }
}

/// <summary>A fact that runs only when <c>BACKEND_TEST_REDIS</c> names a Redis server, and says so when skipped.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS")))
        {
            Skip = "BACKEND_TEST_REDIS is not set; set it to a Redis configuration (host:port) to run the shop's history on Redis.";
        }
    }
}

/// <summary>The shop pointed at PostgreSQL (SQL, documents and key/value, in a database of its own) and Redis (history), as its README describes.</summary>
public sealed class ExternalStoresTests
{
    [PostgresFact]
    public async Task Postgres_CheckoutAndInsufficientStock_SameContract()
    {
        var server = Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES")!;
        var database = "shop_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            // Everything on PostgreSQL, as the README's default: SQL, carts (jsonb documents) and history (key/value).
            var shop = await ShopServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = connectionString,
            });
            try
            {
                await AssertCheckoutContractAsync(shop);
            }
            finally
            {
                await shop.DisposeAndDeleteAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [RedisFact]
    public async Task Redis_History_LastOpenedNewestFirst()
    {
        var shop = await ShopServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS"),
        });
        try
        {
            // A fresh user name per run: the Redis server outlives the test's data folder.
            using var client = await shop.SignInAsync("redis" + Guid.NewGuid().ToString("N")[..8]);
            foreach (var id in new[] { 4, 2, 4, 9 })
            {
                await client.GetAsync($"/api/products/{id}");
            }

            var history = await client.GetFromJsonAsync<JsonElement>("/api/history");

            Assert.Equal([9L, 4, 2], history.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        }
        finally
        {
            await shop.DisposeAndDeleteAsync();
        }
    }

    private static async Task AssertCheckoutContractAsync(ShopServer shop)
    {
        using var client = await shop.SignInAsync("pat");
        using var other = await shop.SignInAsync("sam");
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 1, quantity = 2 });
        var created = await client.PostAsync("/api/orders", null);
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        await client.PostAsJsonAsync("/api/cart/items", new { productId = 12, quantity = 1000 });
        var refused = await client.PostAsync("/api/orders", null);
        var product1 = await client.GetFromJsonAsync<JsonElement>("/api/products/1");
        var byOther = await other.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(17.00m, order.GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(38, product1.GetProperty("stock").GetInt32());
        Assert.Equal(5, (await client.GetFromJsonAsync<JsonElement>("/api/products/12")).GetProperty("stock").GetInt32());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
    }
}
