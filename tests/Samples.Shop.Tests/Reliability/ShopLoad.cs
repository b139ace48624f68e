using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Mixed Shop traffic for soaking: signed-in shoppers browse, fill and empty carts, check out and read orders and history,
/// while anonymous visitors read the catalog, the pages and the API description. Every answer other than the expected status
/// counts as an error. No xunit here: bench/Soak runs the same mix for ten minutes.
/// </summary>
internal sealed class ShopLoad
{
    private const int StockPerProduct = 1_000_000;
    private readonly int _port;
    private readonly string[] _tokens;
    private readonly long[] _stocked;
    private readonly int _anonymousLoops;
    private readonly FailureLog _errors = new();
    private long _requests;
    private long _errorCount;

    private ShopLoad(int port, string[] tokens, long[] stocked, int anonymousLoops)
    {
        _port = port;
        _tokens = tokens;
        _stocked = stocked;
        _anonymousLoops = anonymousLoops;
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errorCount);

    /// <summary>The first errors seen (at most 20), for the report.</summary>
    public IReadOnlyList<string> FirstErrors => _errors.Items;

    /// <summary>Signs in one shopper per loop (each owns its cart, so no two loops race on one) and creates two well-stocked products for checkouts.</summary>
    public static async Task<ShopLoad> PrepareAsync(ShopProcess shop, int shoppers, int anonymousLoops)
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, shoppers).Select(i => shop.SignInAsync($"soak{i}")));
        using var admin = Client(shop.Port, await shop.SignInAsync(ShopProcess.AdminUserName));
        var stocked = new long[2];
        for (var i = 0; i < stocked.Length; i++)
        {
            using var response = await admin.PostAsJsonAsync("/api/products", new { name = $"soak-{i}", description = "bought by the soak", price = 1.25m, stock = StockPerProduct });
            response.EnsureSuccessStatusCode();
            stocked[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        return new ShopLoad(shop.Port, tokens, stocked, anonymousLoops);
    }

    /// <summary>Runs every loop until <paramref name="stop"/>; each loop sends one request at a time on its keep-alive connection.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(_tokens.Select((token, i) => Task.Run(() => ShopperAsync(token, new Random(i), stop)))
            .Concat(Enumerable.Range(0, _anonymousLoops).Select(i => Task.Run(() => VisitorAsync(new Random(1000 + i), stop)))));

    private static HttpClient Client(int port, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task ShopperAsync(string token, Random random, CancellationToken stop)
    {
        using var client = Client(_port, token);
        long lastOrder = 0;
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var seeded = random.Next(1, 13);
            switch (step % 9)
            {
                case 0:
                    await SendAsync(client, HttpMethod.Get, "/api/products?pageSize=10&sort=-price", null, HttpStatusCode.OK, stop);
                    break;
                case 1:
                    await SendAsync(client, HttpMethod.Get, $"/api/products/{seeded}", null, HttpStatusCode.OK, stop);
                    break;
                case 2:
                    await SendAsync(client, HttpMethod.Post, "/api/cart/items", new { productId = _stocked[random.Next(_stocked.Length)], quantity = 1 }, HttpStatusCode.OK, stop);
                    break;
                case 3:
                    await SendAsync(client, HttpMethod.Get, "/api/cart", null, HttpStatusCode.OK, stop);
                    break;
                case 4:
                    if (await SendAsync(client, HttpMethod.Post, "/api/orders", null, HttpStatusCode.Created, stop) is { } order)
                    {
                        lastOrder = order.GetProperty("id").GetInt64();
                    }

                    break;
                case 5:
                    if (lastOrder != 0)
                    {
                        await SendAsync(client, HttpMethod.Get, $"/api/orders/{lastOrder}", null, HttpStatusCode.OK, stop);
                    }

                    break;
                case 6:
                    await SendAsync(client, HttpMethod.Get, "/api/history", null, HttpStatusCode.OK, stop);
                    break;
                case 7:
                    await SendAsync(client, HttpMethod.Post, "/api/cart/items", new { productId = seeded, quantity = 1 }, HttpStatusCode.OK, stop);
                    await SendAsync(client, HttpMethod.Delete, $"/api/cart/items/{seeded}", null, HttpStatusCode.OK, stop);
                    break;
                default:
                    await SendAsync(client, HttpMethod.Get, "/health", null, HttpStatusCode.OK, stop);
                    break;
            }
        }
    }

    private async Task VisitorAsync(Random random, CancellationToken stop)
    {
        using var client = Client(_port, null);
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var path = (step % 20) switch
            {
                0 => "/openapi.json",
                1 or 2 => "/",
                3 => "/app.js",
                var s when s % 2 == 0 => $"/api/products?pageSize=5&page={random.Next(1, 4)}&price.lt=40",
                _ => $"/api/products/{random.Next(1, 13)}",
            };
            await SendAsync(client, HttpMethod.Get, path, null, HttpStatusCode.OK, stop);
        }
    }

    /// <summary>Sends one request; returns the JSON body of an expected answer, or null after counting an error (or when stopping).</summary>
    private async Task<JsonElement?> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken stop)
    {
        if (stop.IsCancellationRequested)
        {
            return null;
        }

        Interlocked.Increment(ref _requests);
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request, stop);
            var bytes = await response.Content.ReadAsByteArrayAsync(stop);
            if (response.StatusCode != expected)
            {
                Error($"{method} {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)))}");
                return null;
            }

            return response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonSerializer.Deserialize<JsonElement>(bytes) : null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The end of the run, not an error.
            Interlocked.Decrement(ref _requests);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
        {
            Error($"{method} {path}: {e.GetType().Name} {e.Message}");
            return null;
        }
    }

    private void Error(string error)
    {
        Interlocked.Increment(ref _errorCount);
        _errors.Add(error);
    }
}
