using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Samples.Shop.Tests.Reliability;

/// <summary>
/// Issue 15, graceful shutdown under load: SIGTERM to the real Shop process while keep-alive clients read the catalog, shoppers
/// write their carts and slow clients are still uploading. Shop has no server-sent-events endpoint, so no SSE subscribers here.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int ReadLoops = 24;
    private const int Shoppers = 8;
    private const int SlowUploads = 3;
    private const int UploadPadding = 256 * 1024;

    [Fact]
    public async Task Sigterm_UnderKeepAliveLoad_AnswersWhatItReceived_RefusesNewConnections_ExitsZero_KeepsAcknowledgedWrites()
    {
        var data = Directory.CreateTempSubdirectory("shop-shutdown-").FullName;
        using var hardStop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var cancellationToken = hardStop.Token;
        var load = new KeepAliveLoad();
        var acked = new int[Shoppers];
        var unansweredWrites = new int[Shoppers];
        var uploaded = new List<(long Id, string Name)>();
        string[] tokens;
        try
        {
            await using (var shop = await ShopProcess.StartAsync(data))
            {
                var signIns = Enumerable.Range(0, Shoppers).Select(i => shop.SignInAsync($"shopper{i}")).Append(shop.SignInAsync(ShopProcess.AdminUserName));
                tokens = await Task.WhenAll(signIns);
                var admin = tokens[Shoppers];

                var loops = new List<Task>();
                for (var i = 0; i < ReadLoops; i++)
                {
                    loops.Add(Task.Run(() => load.RunClientAsync(shop.Port, n => RawConnection.Request("GET", n % 2 == 0 ? "/api/products?pageSize=5" : $"/api/products/{(n % 12) + 1}"), 200, null, null, cancellationToken)));
                }

                for (var i = 0; i < Shoppers; i++)
                {
                    var shopper = i;
                    var request = RawConnection.Request("POST", "/api/cart/items", tokens[shopper], $$"""{"productId":{{(shopper % 12) + 1}},"quantity":1}""");
                    loops.Add(Task.Run(() => load.RunClientAsync(
                        shop.Port, _ => request, 200, _ => Interlocked.Increment(ref acked[shopper]), () => Interlocked.Increment(ref unansweredWrites[shopper]), cancellationToken)));
                }

                // Warm: every loop has been answered on its keep-alive connection for a while.
                for (var i = 0; i < 600 && Volatile.Read(ref load.Responses) < 300; i++)
                {
                    await Task.Delay(100, cancellationToken);
                }

                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var started = Enumerable.Range(0, SlowUploads).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
                var uploads = Enumerable.Range(0, SlowUploads)
                    .Select(k => Task.Run(() => SlowUploadAsync(shop.Port, admin, $"slow-upload-{k}", started[k], release.Task, cancellationToken)))
                    .ToArray();
                await Task.WhenAll(started.Select(s => s.Task)).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

                // Requests written before this flag were on the wire before the signal: each must be answered.
                Volatile.Write(ref load.TermSent, true);
                var stopwatch = Stopwatch.StartNew();
                await shop.TerminateAsync();

                // The uploads still in flight keep the process alive, so a refusal seen now comes from a stopping server.
                var refusedWhileStopping = false;
                for (var i = 0; i < 1500 && !refusedWhileStopping; i++)
                {
                    try
                    {
                        await using var probe = await RawConnection.ConnectAsync(shop.Port, cancellationToken);
                        await Task.Delay(20, cancellationToken);
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                        refusedWhileStopping = !shop.HasExited;
                        break;
                    }
                }

                var refusedAfter = stopwatch.Elapsed;
                release.TrySetResult();
                var uploadResponses = await Task.WhenAll(uploads).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
                var exitCode = await shop.WaitForExitAsync(TimeSpan.FromMinutes(2));
                var exitedAfter = stopwatch.Elapsed;
                await Task.WhenAll(loops).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

                output.WriteLine($"requests sent {load.Sent}, complete responses {load.Responses} ({load.CloseResponses} with Connection: close), " +
                    $"unanswered sent before SIGTERM {load.UnansweredBeforeTerm}, unanswered sent after SIGTERM {load.UnansweredAfterTerm}, " +
                    $"loops ended by a refused connection {load.Refused} of {ReadLoops + Shoppers}");
                output.WriteLine($"cart writes acknowledged {acked.Sum()}, unanswered {unansweredWrites.Sum()}; slow uploads {SlowUploads} x {UploadPadding / 1024} KiB, " +
                    $"statuses {string.Join(",", uploadResponses.Select(r => r?.Status))}");
                output.WriteLine($"new connections refused {refusedAfter.TotalMilliseconds:F0} ms after SIGTERM (process alive: {refusedWhileStopping}); exit code {exitCode} after {exitedAfter.TotalMilliseconds:F0} ms");

                Assert.True(load.Responses >= 300, $"only {load.Responses} responses before the stop:\n{shop.RecentLog}");
                Assert.Empty(load.Failures.Items);
                Assert.Equal(0, load.UnansweredBeforeTerm);
                Assert.True(refusedWhileStopping, "no connection was refused while the shop was stopping");
                Assert.All(uploadResponses, r => Assert.Equal(201, r?.Status));
                Assert.Equal(0, exitCode);
                Assert.Equal(ReadLoops + Shoppers, load.Refused);
                foreach (var response in uploadResponses)
                {
                    var product = JsonSerializer.Deserialize<JsonElement>(response!.Body);
                    uploaded.Add((product.GetProperty("id").GetInt64(), product.GetProperty("name").GetString()!));
                }
            }

            // Every acknowledged write is there after a start on the same files; unanswered ones may or may not be.
            await using var restarted = await ShopProcess.StartAsync(data);
            using var client = restarted.CreateClient();
            for (var i = 0; i < Shoppers; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cart");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                using var response = await client.SendAsync(request, cancellationToken);
                var cart = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var quantity = cart.GetProperty("items").EnumerateArray().Where(l => l.GetProperty("productId").GetInt64() == (i % 12) + 1).Sum(l => l.GetProperty("quantity").GetInt32());
                Assert.InRange(quantity, acked[i], acked[i] + unansweredWrites[i]);
            }

            foreach (var (id, name) in uploaded)
            {
                var product = await client.GetFromJsonAsync<JsonElement>($"/api/products/{id}", cancellationToken);
                Assert.Equal(name, product.GetProperty("name").GetString());
            }

            output.WriteLine($"after restart: {Shoppers} carts hold every acknowledged write, {uploaded.Count} uploaded products present");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>An admin creating a product whose body (the JSON, then spaces) trickles in until <paramref name="release"/>.</summary>
    private static async Task<RawResponse?> SlowUploadAsync(int port, string adminToken, string name, TaskCompletionSource started, Task release, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"name":"{{name}}","description":"sent slowly","price":2.50,"stock":7}""");
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST /api/products HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {adminToken}\r\nContent-Type: application/json\r\nContent-Length: {json.Length + UploadPadding}\r\n\r\n"));
        var padding = new byte[UploadPadding];
        padding.AsSpan().Fill((byte)' ');
        await using var connection = await RawConnection.ConnectAsync(port, cancellationToken);
        await connection.SendAsync(head, cancellationToken);
        await connection.SendAsync(json, cancellationToken);

        // 256 bytes every 50 ms stays well above the server's minimum body rate (240 B/s) and lasts about 50 s.
        const int Step = 256;
        var sent = 0;
        for (var i = 0; sent < UploadPadding && !release.IsCompleted; i++)
        {
            await connection.SendAsync(padding.AsMemory(sent, Step), cancellationToken);
            sent += Step;
            if (i == 3)
            {
                started.TrySetResult();
            }

            await Task.Delay(50, cancellationToken);
        }

        await connection.SendAsync(padding.AsMemory(sent), cancellationToken);
        return await connection.ReadResponseAsync(cancellationToken);
    }
}
