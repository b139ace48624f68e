using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiteDB;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Issue 15, crash durability: SIGKILL the real Shop process at seeded random moments while admins create products, shoppers
/// fill carts and buyers check out; after each kill the files must check clean and hold every acknowledged write.
/// SHOP_CRASH_ROUNDS sets the number of kills (default 5) for a longer local run.
/// </summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int CartWriters = 3;
    private const int Buyers = 3;
    private const int StockPerProduct = 1_000_000;

    [Fact]
    public async Task KillNine_AtRandomPoints_AcknowledgedWritesSurvive_NoHalfCheckout_FilesCheckClean()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("SHOP_CRASH_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured > 0 ? configured : 5;
        var random = new Random(1515);
        var ledger = new Ledger();
        var data = Directory.CreateTempSubdirectory("shop-crash-").FullName;
        var shop = await ShopProcess.StartAsync(data);
        try
        {
            var tokens = await Task.WhenAll(Enumerable.Range(0, CartWriters + Buyers).Select(i => shop.SignInAsync($"crash{i}")));
            var admin = await shop.SignInAsync(ShopProcess.AdminUserName);
            long[] stocked;
            Dictionary<long, int> initialStock;
            using (var client = Authorized(shop, admin))
            {
                var created = new List<long>();
                for (var i = 0; i < 2; i++)
                {
                    using var response = await client.PostAsJsonAsync("/api/products", new { name = $"stocked-{i}", description = "for checkouts", price = 3.75m, stock = StockPerProduct });
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    created.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                }

                stocked = [.. created];
                var page = await client.GetFromJsonAsync<JsonElement>("/api/products?pageSize=100");
                initialStock = page.GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("stock").GetInt32());
            }

            for (var round = 1; round <= rounds; round++)
            {
                using var stop = new CancellationTokenSource();
                var loops = new List<Task> { Task.Run(() => CreateProductsAsync(shop, admin, round, ledger, stop.Token)) };
                for (var w = 0; w < CartWriters; w++)
                {
                    var writer = w;
                    loops.Add(Task.Run(() => WriteCartAsync(shop, tokens[writer], writer, ledger, stop.Token)));
                }

                for (var b = 0; b < Buyers; b++)
                {
                    var buyer = b;
                    loops.Add(Task.Run(() => BuyAsync(shop, tokens[CartWriters + buyer], new Random(round * 100 + buyer), stocked, ledger, stop.Token)));
                }

                // Odd rounds kill from the loop that just read an acknowledgement, before it sends anything else: the nearest a
                // crash gets to a write the client was told is stored. Even rounds kill a random moment later.
                var atOnce = round % 2 == 1;
                var killAt = ledger.Acks + random.Next(1, 6);
                var delay = random.Next(0, 1500);
                var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var killing = shop;
                ledger.Arm(killAt, () =>
                {
                    if (atOnce)
                    {
                        killing.KillNow();
                    }

                    armed.TrySetResult();
                });
                var reached = await Task.WhenAny(armed.Task, Task.Delay(TimeSpan.FromSeconds(90))) == armed.Task;
                if (!atOnce)
                {
                    await Task.Delay(delay);
                }

                await shop.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(loops).WaitAsync(TimeSpan.FromMinutes(1));
                await shop.DisposeAsync();

                var (orders, lines, products) = CheckSqlite(Path.Combine(data, "shop.db"), ledger, initialStock);
                var documents = CheckLiteDb(Path.Combine(data, "shop-documents.db"));

                shop = await ShopProcess.StartAsync(data);
                await CheckOverHttpAsync(shop, tokens, ledger);
                var when = !reached ? "after 90 s without acknowledgement" : atOnce ? $"on acknowledged write #{killAt}" : $"{delay} ms after acknowledged write #{killAt}";
                output.WriteLine($"round {round}: killed {when}; acknowledged so far: {ledger.Products.Count} product creates, " +
                    $"{ledger.CartAcked.Sum()} cart writes ({ledger.CartUnanswered.Sum()} failed: in flight at the kill or refused after it), {ledger.Orders.Count} checkouts; " +
                    $"SQLite ok with {products} products, {orders} orders, {lines} order lines; LiteDB ok with {documents} documents");
            }

            Assert.Empty(ledger.Failures.Items);
            // On a loaded machine a round may end before a checkout is acknowledged; the stock check above still covers every committed one.
            Assert.False(ledger.Products.IsEmpty, "nothing was acknowledged to prove anything");
        }
        finally
        {
            await shop.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static HttpClient Authorized(ShopProcess shop, string token)
    {
        var client = shop.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task CreateProductsAsync(ShopProcess shop, string admin, int round, Ledger ledger, CancellationToken stop)
    {
        using var client = Authorized(shop, admin);
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref ledger.Sequence);
            var product = new SentProduct($"crash-{n}", $"created in round {round}", 1m + (n / 100m), n % 1000);
            ledger.Attempted[product.Name] = product;
            try
            {
                using var response = await client.PostAsJsonAsync("/api/products", new { name = product.Name, description = product.Description, price = product.Price, stock = product.Stock }, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    ledger.Fail($"create: {(int)response.StatusCode}");
                    continue;
                }

                ledger.Products[(await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("id").GetInt64()] = product;
                ledger.Acknowledged();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static async Task WriteCartAsync(ShopProcess shop, string token, int writer, Ledger ledger, CancellationToken stop)
    {
        using var client = Authorized(shop, token);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/api/cart/items", new { productId = (writer % 12) + 1, quantity = 1 }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ledger.CartAcked[writer]);
                    ledger.Acknowledged();
                }
                else
                {
                    ledger.Fail($"cart: {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref ledger.CartUnanswered[writer]);
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static async Task BuyAsync(ShopProcess shop, string token, Random random, long[] stocked, Ledger ledger, CancellationToken stop)
    {
        using var client = Authorized(shop, token);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var added = await client.PostAsJsonAsync("/api/cart/items", new { productId = stocked[random.Next(stocked.Length)], quantity = random.Next(1, 4) }, CancellationToken.None);
                if (added.StatusCode != HttpStatusCode.OK)
                {
                    ledger.Fail($"buyer's cart: {(int)added.StatusCode}");
                    continue;
                }

                using var placed = await client.PostAsync("/api/orders", null, CancellationToken.None);
                if (placed.StatusCode != HttpStatusCode.Created)
                {
                    ledger.Fail($"checkout: {(int)placed.StatusCode}");
                    continue;
                }

                var order = await placed.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                ledger.Orders[order.GetProperty("id").GetInt64()] = new PlacedOrder(token, Lines(order), order.GetProperty("total").GetDecimal());
                ledger.Acknowledged();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static string Lines(JsonElement order) => string.Join(",", order.GetProperty("items").EnumerateArray()
        .Select(i => $"{i.GetProperty("productId").GetInt64()}x{i.GetProperty("quantity").GetInt32()}").Order(StringComparer.Ordinal));

    /// <summary>After the kill, on the files: integrity, stock and orders agreeing, and every acknowledged product and order.</summary>
    private static (int Orders, int Lines, int Products) CheckSqlite(string path, Ledger ledger, Dictionary<long, int> initialStock)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        Assert.Equal("ok", Scalar(connection, "PRAGMA foreign_key_check") ?? "ok");

        var products = Rows(connection, "SELECT id, name, description, price, stock FROM products",
            r => (Id: r.GetInt64(0), Product: new SentProduct(r.GetString(1), r.GetString(2), decimal.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetInt32(4))))
            .ToDictionary(p => p.Id, p => p.Product);
        var lines = Rows(connection, "SELECT order_id, product_id, quantity, price FROM order_lines",
            r => (Order: r.GetInt64(0), Product: r.GetInt64(1), Quantity: r.GetInt32(2), Price: decimal.Parse(r.GetString(3), CultureInfo.InvariantCulture)));
        var orders = Rows(connection, "SELECT id, total FROM orders", r => (Id: r.GetInt64(0), Total: decimal.Parse(r.GetString(1), CultureInfo.InvariantCulture)))
            .ToDictionary(o => o.Id, o => o.Total);

        // A half-applied checkout would show as an order without its lines, lines without their order, or stock that moved alone.
        var linesByOrder = lines.ToLookup(l => l.Order);
        foreach (var (id, total) in orders)
        {
            Assert.True(linesByOrder[id].Any(), $"order {id} has no lines");
            Assert.Equal(total, linesByOrder[id].Sum(l => l.Price * l.Quantity));
        }

        Assert.All(lines, l => Assert.True(orders.ContainsKey(l.Order), $"a line of the missing order {l.Order}"));
        var ordered = lines.GroupBy(l => l.Product).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        foreach (var (id, product) in products)
        {
            var initial = initialStock.TryGetValue(id, out var stock) ? stock : ledger.Attempted[product.Name].Stock;
            Assert.Equal(initial, product.Stock + ordered.GetValueOrDefault(id));
        }

        foreach (var (id, sent) in ledger.Products)
        {
            Assert.True(products.TryGetValue(id, out var stored), $"the acknowledged product {id} ({sent.Name}) is gone");
            Assert.Equal(sent, stored);
        }

        foreach (var (id, order) in ledger.Orders)
        {
            Assert.True(orders.TryGetValue(id, out var total), $"the acknowledged order {id} is gone");
            Assert.Equal(order.Total, total);
            Assert.Equal(order.Lines, string.Join(",", linesByOrder[id].Select(l => $"{l.Product}x{l.Quantity}").Order(StringComparer.Ordinal)));
        }

        return (orders.Count, lines.Count, products.Count);
    }

    /// <summary>Opens the document file as LiteDB itself would after a crash and reads every document of every collection.</summary>
    private static int CheckLiteDb(string path)
    {
        using var database = new LiteDatabase($"Filename={path};Connection=Direct");
        var documents = 0;
        foreach (var name in database.GetCollectionNames())
        {
            var collection = database.GetCollection(name);
            var all = collection.FindAll().ToList();
            Assert.Equal(collection.Count(), all.Count);
            Assert.All(all, d => Assert.False(d["_id"].IsNull, $"a document of {name} without an id"));
            documents += all.Count;
        }

        return documents;
    }

    private static async Task CheckOverHttpAsync(ShopProcess shop, string[] tokens, Ledger ledger)
    {
        for (var w = 0; w < CartWriters; w++)
        {
            using var client = Authorized(shop, tokens[w]);
            var cart = await client.GetFromJsonAsync<JsonElement>("/api/cart");
            var quantity = cart.GetProperty("items").EnumerateArray().Where(l => l.GetProperty("productId").GetInt64() == (w % 12) + 1).Sum(l => l.GetProperty("quantity").GetInt32());
            Assert.InRange(quantity, ledger.CartAcked[w], ledger.CartAcked[w] + ledger.CartUnanswered[w]);
        }

        foreach (var group in ledger.Orders.GroupBy(o => o.Value.Token))
        {
            using var client = Authorized(shop, group.Key);
            foreach (var (id, order) in group)
            {
                var read = await client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
                Assert.Equal(order.Lines, Lines(read));
            }
        }

        using var anonymous = shop.CreateClient();
        foreach (var (id, product) in ledger.Products)
        {
            var read = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products/{id}");
            Assert.Equal(product.Name, read.GetProperty("name").GetString());
        }
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private sealed record SentProduct(string Name, string Description, decimal Price, int Stock);

    private sealed record PlacedOrder(string Token, string Lines, decimal Total);

    private sealed class Ledger
    {
        public readonly ConcurrentDictionary<string, SentProduct> Attempted = new();
        public readonly ConcurrentDictionary<long, SentProduct> Products = new();
        public readonly ConcurrentDictionary<long, PlacedOrder> Orders = new();
        public readonly int[] CartAcked = new int[CartWriters];
        public readonly int[] CartUnanswered = new int[CartWriters];
        public int Sequence;
        private int _acks;
        private int _killAt;
        private Action? _onKillAt;

        public int Acks => Volatile.Read(ref _acks);

        /// <summary>Runs <paramref name="onReached"/> once, inline, in the loop whose acknowledgement is number <paramref name="at"/>.</summary>
        public void Arm(int at, Action onReached)
        {
            Volatile.Write(ref _killAt, at);
            Volatile.Write(ref _onKillAt, onReached);
        }

        public void Acknowledged()
        {
            if (Interlocked.Increment(ref _acks) >= Volatile.Read(ref _killAt))
            {
                Interlocked.Exchange(ref _onKillAt, null)?.Invoke();
            }
        }

        public FailureLog Failures { get; } = new();

        public void Fail(string failure) => Failures.Add(failure);
    }
}
