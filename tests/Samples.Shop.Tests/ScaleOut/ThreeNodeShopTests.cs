using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Samples.Shop.Tests.ScaleOut;

/// <summary>Three Shop nodes behind nginx on one PostgreSQL and one Redis: what a user sees does not depend on the node that serves it.</summary>
public sealed class ThreeNodeShopTests(ShopCluster cluster, ITestOutputHelper output) : IClassFixture<ShopCluster>
{
    // The products a user opens, one on each node, for the history.
    private static readonly long[] Opened = [5, 7, 9];

    [ScaleOutFact]
    public async Task StartedTogether_MigrationsAppliedOnce()
    {
        var rows = await cluster.ScalarAsync("SELECT count(*) FROM __backend_migrations");
        var distinct = await cluster.ScalarAsync("SELECT count(DISTINCT version) FROM __backend_migrations");
        var products = await cluster.ScalarAsync("SELECT count(*) FROM products");
        var applied = cluster.Nodes.Sum(n => n.Output.Split('\n').Count(l => l.Contains("Applied migration", StringComparison.Ordinal)));

        output.WriteLine($"3 nodes healthy {cluster.StartTime.TotalSeconds:F1} s after starting together");
        // Shop's three migrations at least (Auth may bring its own), each recorded and applied by one node only.
        Assert.InRange(rows, 3, 20);
        Assert.Equal(rows, distinct);
        Assert.Equal(rows, applied);
        // The seed migration inserted the catalog once, not once per node.
        Assert.Equal(12, products);
    }

    [ScaleOutFact]
    public async Task SignInThroughProxy_SessionWorksOnEveryNode()
    {
        var cookies = new CookieContainer();
        using var proxy = ShopCluster.Client(cluster.Proxy.HttpAddress, cookies);
        var user = "roam" + Guid.NewGuid().ToString("N")[..8];
        proxy.DefaultRequestHeaders.Add("X-CSRF-Token", await ShopCluster.SignInAsync(proxy, user));

        foreach (var node in cluster.LiveNodes)
        {
            // The same cookie, sent straight to each node's own port.
            using var direct = ShopCluster.Client(node.BaseAddress, cookies);
            var me = await direct.GetFromJsonAsync<JsonElement>("auth/me");
            Assert.Equal(user, me.GetProperty("userName").GetString());
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync("auth/me")).StatusCode);
        }

        (await proxy.PostAsync("auth/logout", null)).EnsureSuccessStatusCode();
        foreach (var node in cluster.LiveNodes)
        {
            using var direct = ShopCluster.Client(node.BaseAddress, cookies);
            Assert.Equal(HttpStatusCode.Unauthorized, (await direct.GetAsync("auth/me")).StatusCode);
        }
    }

    [ScaleOutFact]
    public async Task CartOrdersHistory_ServedByAnyNode_Consistent()
    {
        var cookies = new CookieContainer();
        using var proxy = ShopCluster.Client(cluster.Proxy.HttpAddress, cookies);
        var csrf = await ShopCluster.SignInAsync(proxy, "cart" + Guid.NewGuid().ToString("N")[..8]);
        var nodes = cluster.LiveNodes.Select(n => ShopCluster.Client(n.BaseAddress, cookies)).ToList();
        nodes.ForEach(n => n.DefaultRequestHeaders.Add("X-CSRF-Token", csrf));
        try
        {
            var first = nodes[0];
            var second = nodes[1 % nodes.Count];
            var last = nodes[^1];

            (await first.PostAsJsonAsync("api/cart/items", new { productId = 3, quantity = 2 })).EnsureSuccessStatusCode();
            (await second.PostAsJsonAsync("api/cart/items", new { productId = 4, quantity = 1 })).EnsureSuccessStatusCode();
            var cart = await last.GetFromJsonAsync<JsonElement>("api/cart");
            var checkout = await last.PostAsync("api/orders", null);
            var order = await checkout.Content.ReadFromJsonAsync<JsonElement>();
            var id = order.GetProperty("id").GetInt64();
            var emptied = await first.GetFromJsonAsync<JsonElement>("api/cart");
            var byId = await second.GetAsync($"api/orders/{id}");
            var listed = await first.GetFromJsonAsync<JsonElement>("api/orders");
            foreach (var (node, product) in nodes.Zip(Opened))
            {
                (await node.GetAsync($"api/products/{product}")).EnsureSuccessStatusCode();
            }

            var history = await proxy.GetFromJsonAsync<JsonElement>("api/history");

            Assert.Equal([(3L, 2), (4L, 1)], cart.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("productId").GetInt64(), i.GetProperty("quantity").GetInt32())).Order());
            Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
            Assert.Empty(emptied.GetProperty("items").EnumerateArray());
            Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
            Assert.Equal([id], listed.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
            Assert.Equal(Opened.Take(nodes.Count).Reverse(), history.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).Take(nodes.Count));
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    [ScaleOutFact]
    public async Task ForwardedHeaders_ClientAddressAndSchemeFromTheProxyOnly()
    {
        // Sign-ups are limited per client address (20 a minute, counted in Redis for all nodes). A client on its own address
        // spends its permits through the proxy, pretending in X-Forwarded-For to be someone else.
        var spender = ShopCluster.NewClientAddress();
        var bystander = ShopCluster.NewClientAddress();
        using var viaProxy = ShopCluster.Client(cluster.Proxy.HttpAddress, from: spender);
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await viaProxy.PostAsJsonAsync("auth/register", new { userName = "x" + i, password = "short" })).StatusCode);
        }

        using var bystanderViaProxy = ShopCluster.Client(cluster.Proxy.HttpAddress, from: bystander);
        var bystanderStatus = (await bystanderViaProxy.PostAsJsonAsync("auth/register", new { userName = "y", password = "short" })).StatusCode;
        // Straight to a node, the spender is no trusted proxy: its own X-Forwarded-For is ignored.
        using var direct = ShopCluster.Client(cluster.LiveNodes.First().BaseAddress, from: spender);
        direct.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.7");
        var directStatus = (await direct.PostAsJsonAsync("auth/register", new { userName = "z", password = "short" })).StatusCode;

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.BadRequest, bystanderStatus);
        Assert.Equal(HttpStatusCode.TooManyRequests, directStatus);

        // The scheme: the session cookie is Secure only when the client reached the proxy over TLS.
        var secure = await LoginCookieAsync(cluster.Proxy.HttpsAddress);
        var plain = await LoginCookieAsync(cluster.Proxy.HttpAddress);
        Assert.Contains("secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    [ScaleOutFact]
    public async Task NodeKilledMidRun_NoAcknowledgedOrderLost_ProxyRoutesAround()
    {
        const int shoppers = 4;
        const int rounds = 6;
        using var anonymous = ShopCluster.Client(cluster.Proxy.HttpAddress);
        var stockBefore = (await anonymous.GetFromJsonAsync<JsonElement>("api/products/1")).GetProperty("stock").GetInt32();
        var clients = new List<HttpClient>();
        for (var i = 0; i < shoppers; i++)
        {
            var client = ShopCluster.Client(cluster.Proxy.HttpAddress);
            client.DefaultRequestHeaders.Add("X-CSRF-Token", await ShopCluster.SignInAsync(client, $"kill{i}" + Guid.NewGuid().ToString("N")[..6]));
            clients.Add(client);
        }

        var victim = cluster.Nodes[^1];
        var acknowledged = new List<long>[shoppers];
        var failures = new List<string>[shoppers];
        using var killed = new SemaphoreSlim(0);
        var killer = Task.Run(async () =>
        {
            // After every shopper finished its first round: mid-run, with requests in flight.
            for (var i = 0; i < shoppers; i++)
            {
                await killed.WaitAsync();
            }

            victim.KillHard();
        });
        await Task.WhenAll(clients.Select((client, index) => Task.Run(async () =>
        {
            acknowledged[index] = [];
            failures[index] = [];
            for (var round = 0; round < rounds; round++)
            {
                var added = await client.PostAsJsonAsync("api/cart/items", new { productId = 1, quantity = 1 });
                var checkout = await client.PostAsync("api/orders", null);
                if (checkout.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[index].Add((await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                }
                else
                {
                    failures[index].Add($"round {round}: add {(int)added.StatusCode}, checkout {(int)checkout.StatusCode}");
                }

                if (round == 0)
                {
                    killed.Release();
                }
            }
        })));
        await killer;

        var ordered = 0;
        for (var i = 0; i < shoppers; i++)
        {
            var orders = await clients[i].GetFromJsonAsync<JsonElement>("api/orders");
            var ids = orders.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).ToHashSet();
            Assert.Subset(ids, acknowledged[i].ToHashSet());
            ordered += orders.EnumerateArray().Sum(o => o.GetProperty("items").EnumerateArray().Sum(item => item.GetProperty("quantity").GetInt32()));
        }

        var stockAfter = (await anonymous.GetFromJsonAsync<JsonElement>("api/products/1")).GetProperty("stock").GetInt32();
        var served = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            served.Add((await anonymous.GetAsync("api/products/2")).StatusCode);
        }

        var acks = acknowledged.Sum(a => a.Count);
        output.WriteLine($"kill -9 of {victim.Name} mid-run: {acks} of {shoppers * rounds} checkouts acknowledged; failures: {string.Join("; ", failures.SelectMany(f => f))}");
        Assert.True(victim.HasExited);
        // Stock and orders agree: no checkout half applied, whatever node died under it.
        Assert.Equal(stockBefore - stockAfter, ordered);
        // Only requests in flight on the dying node may fail: at most one per shopper.
        Assert.InRange(failures.Sum(f => f.Count), 0, shoppers);
        Assert.All(served, s => Assert.Equal(HttpStatusCode.OK, s));
        clients.ForEach(c => c.Dispose());
    }

    private static async Task<string> LoginCookieAsync(Uri address)
    {
        using var client = ShopCluster.Client(address);
        var user = "tls" + Guid.NewGuid().ToString("N")[..8];
        (await client.PostAsJsonAsync("auth/register", new { userName = user, password = "a-good-password-1" })).EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("auth/login", new { userName = user, password = "a-good-password-1" });
        login.EnsureSuccessStatusCode();
        return string.Join("; ", login.Headers.GetValues("Set-Cookie"));
    }
}
