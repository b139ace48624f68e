using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using BackEnd.Crud;
using BackEnd.Server;
using BackEnd.Storage;
using BackEnd.Storage.Providers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Bench.Crud;

/// <summary>
/// Where a list request's time goes: hosts the backend app in-process and runs each stage of the list request alone
/// (the repository's page and count, sealing a cursor, the envelope's JSON) and whole requests over loopback, reporting
/// process CPU and allocated bytes per call. CPU on a busy machine is noisy; allocations are not. The lowest of the rounds
/// is printed, since noise only ever adds.
/// </summary>
/// <remarks><c>dotnet bench/Crud/bin/Release/net10.0/BackEnd.Bench.Crud.dll --mode probe --db /tmp/probe.db --urls http://127.0.0.1:0</c></remarks>
internal static class Probe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        var iterations = int.Parse(configuration["iterations"] ?? "2000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(configuration["rounds"] ?? "3", CultureInfo.InvariantCulture);
        using var host = await BackEndApp.StartAsync(args).ConfigureAwait(false);
        var address = host.Services.GetRequiredService<IServerAddresses>().Addresses is [var first, ..]
            ? first
            : throw new InvalidOperationException("The server reports no address; pass --urls http://127.0.0.1:PORT.");
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var products = host.Services.GetRequiredService<IRepository<Product, long>>();
        var page = await products.QueryAsync(PageQuery()).ConfigureAwait(false);
        var payload = new byte[64];
        var macKey = RandomNumberGenerator.GetBytes(32);
        var macInput = new byte[81];
        var macTag = new byte[32];
        using var keyedMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, macKey);

        // The peer's work without HTTP: KestrelApp's exact statements, run raw with Microsoft.Data.Sqlite on the same file
        // (a pooled connection and new commands per call, as each of its requests does), and its envelope's JSON.
        var raw = new SqliteConnectionStringBuilder { DataSource = configuration["db"], Pooling = true }.ToString();
        var rawItems = await RawPage(raw, "SELECT id, name, price, version FROM products ORDER BY id LIMIT $take OFFSET $skip", withCount: true).ConfigureAwait(false);

        // The app's JSON settings (BackEnd's defaults: web, nullable annotations and required parameters respected) with the
        // generated context first in the chain, as AddJsonSerializerContext sets them up, and the same with the peer's
        // context, generated for the web defaults alone: System.Text.Json then reads it through metadata, not its writers.
        var appOptions = AppJsonOptions(BackEndJsonContext.Default);
        var appWithWebContext = AppJsonOptions(CrudJsonContext.Default);
        var signed = KestrelApp.Sign(macKey, 60);
        var dataProtector = DataProtectionProvider.Create("probe").CreateProtector("products.cursor");
        var stages = new (string Name, Func<Task> Run)[]
        {
            ("http GET /plaintext", async () => await Get(client, "/plaintext").ConfigureAwait(false)),
            ("http GET /api/products/7", async () => await Get(client, "/api/products/7").ConfigureAwait(false)),
            ("http GET list page=3", async () => await Get(client, "/api/products?page=3&pageSize=20").ConfigureAwait(false)),
            ("http GET list cursor", async () => await Get(client, "/api/products?pageSize=20&cursor=" + page.NextCursor).ConfigureAwait(false)),
            ("repo page+count", async () => await products.QueryAsync(PageQuery()).ConfigureAwait(false)),
            ("repo page+count, resolved", async () => await host.Services.GetRequiredService<IRepository<Product, long>>().QueryAsync(PageQuery()).ConfigureAwait(false)),
            ("repo page only", async () => await products.QueryAsync(new StorageQuery().Skip(40).Take(20)).ConfigureAwait(false)),
            ("repo count only", async () => await products.CountAsync().ConfigureAwait(false)),
            ("peer count+page (raw)", async () => await RawPage(raw, "SELECT id, name, price, version FROM products ORDER BY id LIMIT $take OFFSET $skip", withCount: true).ConfigureAwait(false)),
            ("peer page only (raw)", async () => await RawPage(raw, "SELECT id, name, price, version FROM products ORDER BY id LIMIT $take OFFSET $skip", withCount: false).ConfigureAwait(false)),
            ("peer count only (raw)", async () => await RawCount(raw).ConfigureAwait(false)),
            ("raw page, subquery count", async () => await RawPage(raw, "SELECT id, name, price, version, (SELECT count(*) FROM products) FROM products ORDER BY id LIMIT $take OFFSET $skip", withCount: false).ConfigureAwait(false)),
            ("raw page, count(*) OVER ()", async () => await RawPage(raw, "SELECT id, name, price, version, count(*) OVER () FROM products ORDER BY id LIMIT $take OFFSET $skip", withCount: false).ConfigureAwait(false)),
            ("repo get 7", async () => await products.GetAsync(7).ConfigureAwait(false)),
            ("cursor seal", () => { CursorProtector.Ephemeral.Protect(payload); return Task.CompletedTask; }),
            ("hmac one-shot (81 B)", () => { HMACSHA256.HashData(macKey, macInput, macTag); return Task.CompletedTask; }),
            ("hmac kept keyed (81 B)", () => { keyedMac.AppendData(macInput); keyedMac.GetHashAndReset(macTag); return Task.CompletedTask; }),
            ("json envelope", () =>
            {
                JsonSerializer.Serialize(Stream.Null, new ResourcePage<Product>(page.Items, 3, 20, page.TotalCount, page.NextCursor), JsonSerializerOptions.Web);
                return Task.CompletedTask;
            }),
            ("peer json envelope", () =>
            {
                JsonSerializer.Serialize(Stream.Null, new ProductPage(rawItems, 3, 20, 1000, null), CrudJsonContext.Default.ProductPage);
                return Task.CompletedTask;
            }),
            ("json envelope, app options", () =>
            {
                JsonSerializer.Serialize(Stream.Null, new ResourcePage<Product>(page.Items, 3, 20, page.TotalCount, page.NextCursor), appOptions);
                return Task.CompletedTask;
            }),
            ("json page, app + web ctx", () =>
            {
                JsonSerializer.Serialize(Stream.Null, new ProductPage(page.Items, 3, 20, page.TotalCount, page.NextCursor), appWithWebContext);
                return Task.CompletedTask;
            }),
            ("peer cursor (DataProtection)", () => { dataProtector.Protect("60"); return Task.CompletedTask; }),
            ("peer cursor (hmac)", () => { KestrelApp.Sign(macKey, 60); return Task.CompletedTask; }),
            ("cursor open", () => { CursorProtector.Ephemeral.TryUnprotect(page.NextCursor!, out _); return Task.CompletedTask; }),
            ("peer cursor open (hmac)", () => { KestrelApp.OpenSigned(macKey, signed); return Task.CompletedTask; }),
            ("json envelope, generated", () =>
            {
                JsonSerializer.Serialize(Stream.Null, new ResourcePage<Product>(page.Items, 3, 20, page.TotalCount, page.NextCursor), BackEndJsonContext.Default.ResourcePageProduct);
                return Task.CompletedTask;
            }),
        };

        var best = stages.ToDictionary(s => s.Name, _ => (Cpu: double.MaxValue, Bytes: double.MaxValue));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in stages)
            {
                for (var i = 0; i < iterations / 4; i++)
                {
                    await run().ConfigureAwait(false);
                }

                using var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < iterations; i++)
                {
                    await run().ConfigureAwait(false);
                }

                process.Refresh();
                var perCpu = (process.TotalProcessorTime - cpu).TotalMicroseconds / iterations;
                var perBytes = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)iterations;
                var (c, b) = best[name];
                best[name] = (Math.Min(c, perCpu), Math.Min(b, perBytes));
            }
        }

        Console.WriteLine($"{"stage",-28} {"cpu us/call",12} {"bytes/call",11}   (lowest of {rounds} rounds of {iterations}; HTTP rows include HttpClient)");
        foreach (var (name, _) in stages)
        {
            Console.WriteLine($"{name,-28} {best[name].Cpu,12:F1} {best[name].Bytes,11:F0}");
        }

        await host.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static JsonSerializerOptions AppJsonOptions(System.Text.Json.Serialization.JsonSerializerContext context)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };
        options.TypeInfoResolverChain.Insert(0, context);
        options.MakeReadOnly();
        return options;
    }

    private static StorageQuery PageQuery() => new StorageQuery().Skip(40).Take(20).WithTotalCount();

    // KestrelApp's list without HTTP: count, then the page read into products.
    private static async Task<List<Product>> RawPage(string connectionString, string sql, bool withCount)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        if (withCount)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM products";
            _ = (long)(await count.ExecuteScalarAsync().ConfigureAwait(false))!;
        }

        await using var select = connection.CreateCommand();
        select.CommandText = sql;
        select.Parameters.AddWithValue("$take", 20);
        select.Parameters.AddWithValue("$skip", 40L);
        var items = new List<Product>(20);
        await using var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            items.Add(new Product
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Price = decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                Version = reader.GetInt64(3),
            });
        }

        return items;
    }

    private static async Task<long> RawCount(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM products";
        return (long)(await count.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private static async Task Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        await response.Content.CopyToAsync(Stream.Null).ConfigureAwait(false);
    }
}

