using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using BackEnd.Crud;
using BackEnd.Hosting;
using BackEnd.HttpResults;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackEnd.Bench.Crud;

/// <summary>
/// The one-line REST resource: <c>MapResource&lt;Product, long&gt;</c> over SQLite through BackEnd.Storage.Sql, with a
/// source-generated JSON context for its item and page types as the peer has for its own (and as an AOT app would), generated
/// for the app's JSON settings so its fast writers run, as the peer's do.
/// </summary>
internal static class BackEndApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = await StartAsync(args).ConfigureAwait(false);
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Builds and starts the app, seeding the table on first use; also hosted in-process by <see cref="Probe"/>.</summary>
    public static async Task<IHost> StartAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        var db = builder.Configuration["db"] ?? throw new InvalidOperationException("--db FILE is required.");
        builder.Services.AddBackEnd(_ => { })
            .AddJsonSerializerContext(BackEndJsonContext.Default)
            .AddSqlStorage(o => o.UseSqlite($"Data Source={db}").CreateTablesFor<Product>())
            .Configure(app =>
            {
                app.MapGet("/plaintext", () => "Hello, World!");
                app.MapGet("/stats", KestrelApp.Stats);
                app.MapResource<Product, long>("/api/products");
            });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var products = host.Services.GetRequiredService<IRepository<Product, long>>();
        if ((await products.QueryAsync(new StorageQuery().Take(1)).ConfigureAwait(false)).Items.Count == 0)
        {
            for (var i = 1; i <= Product.SeedRows; i++)
            {
                await products.InsertAsync(new Product { Name = "product " + i.ToString(CultureInfo.InvariantCulture), Price = i % 100 + 0.5m }).ConfigureAwait(false);
            }
        }

        return host;
    }
}

// Generated for the settings BackEnd's JSON options have (web defaults, nullable annotations and required constructor
// parameters respected): System.Text.Json runs a context's generated writers only when the options it serves match the
// ones it was generated for, so a context for the web defaults alone would be read through its metadata instead.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(ResourcePage<Product>))]
internal sealed partial class BackEndJsonContext : JsonSerializerContext;
