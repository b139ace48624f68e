using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackEnd.Bench.Crud;

/// <summary>
/// The peer: what MapResource does for list, item and create, written by hand as a Kestrel minimal API over
/// Microsoft.Data.Sqlite (its pooled connections, WAL, synchronous=NORMAL for writes as ours), with the same JSON shapes,
/// page envelope, DataAnnotations validation, Location and ETag. A page with more after it carries a next cursor that
/// <c>?cursor=</c> continues after, as MapResource's contract has it: by default (<c>--next hmac</c>) the last id signed
/// with one HMAC-SHA256 under a key made at start-up, what a careful hand-written endpoint does; <c>--next sealed</c>
/// seals it with ASP.NET Core Data Protection (the framework's tool, far dearer per call); <c>--next none</c> answers
/// <c>next: null</c> (less work than the contract needs).
/// </summary>
internal static class KestrelApp
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CrudJsonContext.Default));
        var db = builder.Configuration["db"] ?? throw new InvalidOperationException("--db FILE is required.");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = db, Pooling = true }.ToString();
        var nextMode = builder.Configuration["next"] ?? "hmac";
        if (nextMode is not ("hmac" or "sealed" or "none"))
        {
            throw new InvalidOperationException($"--next takes hmac, sealed or none, not '{nextMode}'.");
        }

        var cursorKey = RandomNumberGenerator.GetBytes(32);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Seed(connectionString);
        var app = builder.Build();
        var cursors = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("products.cursor");

        app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
        app.MapGet("/stats", Stats);
        app.MapGet("/api/products", async (HttpRequest request) =>
        {
            var page = 1;
            var pageSize = DefaultPageSize;
            if (request.Query.TryGetValue("page", out var pageText) && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            {
                return Results.Problem($"The query parameter 'page' must be a whole number of at least 1, not '{pageText}'.", statusCode: 400);
            }

            if (request.Query.TryGetValue("pageSize", out var sizeText)
                && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
            {
                return Results.Problem($"The query parameter 'pageSize' must be a whole number from 1 to {MaxPageSize}, not '{sizeText}'.", statusCode: 400);
            }

            long? after = null;
            if (request.Query.TryGetValue("cursor", out var cursorText))
            {
                if (pageText.Count > 0)
                {
                    return Results.Problem("The query parameters 'page' and 'cursor' cannot be combined; follow 'next' with 'cursor' alone.", statusCode: 400);
                }

                after = nextMode == "sealed" ? OpenSealed(cursors, cursorText.ToString()) : OpenSigned(cursorKey, cursorText.ToString());
                if (after is null)
                {
                    return Results.Problem("The cursor is not valid: pass back the 'next' value of a page unchanged.", statusCode: 400);
                }
            }

            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            long? total = null;
            await using var select = connection.CreateCommand();
            if (after is null)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT count(*) FROM products";
                total = (long)(await count.ExecuteScalarAsync())!;
                select.CommandText = "SELECT id, name, price, version FROM products ORDER BY id LIMIT $take OFFSET $skip";
                select.Parameters.AddWithValue("$take", pageSize);
                select.Parameters.AddWithValue("$skip", (long)(page - 1) * pageSize);
            }
            else
            {
                // One row more than the page tells whether another page follows.
                select.CommandText = "SELECT id, name, price, version FROM products WHERE id > $after ORDER BY id LIMIT $take";
                select.Parameters.AddWithValue("$after", after.Value);
                select.Parameters.AddWithValue("$take", pageSize + 1);
            }

            var items = new List<Product>(pageSize + 1);
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    items.Add(Read(reader));
                }
            }

            var more = total is { } all ? (long)(page - 1) * pageSize + items.Count < all : items.Count > pageSize;
            if (items.Count > pageSize)
            {
                items.RemoveAt(pageSize);
            }

            var next = !more ? null : nextMode switch
            {
                "hmac" => Sign(cursorKey, items[^1].Id),
                "sealed" => cursors.Protect(items[^1].Id.ToString(CultureInfo.InvariantCulture)),
                _ => null,
            };
            return Results.Json(new ProductPage(items, after is null ? page : null, pageSize, total, next), CrudJsonContext.Default.ProductPage);
        });
        app.MapGet("/api/products/{id:long}", async (long id, HttpContext context) =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT id, name, price, version FROM products WHERE id = $id";
            select.Parameters.AddWithValue("$id", id);
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return Results.Problem($"No product has the id '{id}'.", statusCode: 404);
            }

            var product = Read(reader);
            var tag = ETag(product);
            if (context.Request.Headers.IfNoneMatch.ToString() == tag)
            {
                return Results.StatusCode(304);
            }

            context.Response.Headers.ETag = tag;
            return Results.Json(product, CrudJsonContext.Default.Product);
        });
        app.MapPost("/api/products", async (HttpContext context) =>
        {
            if (!context.Request.HasJsonContentType())
            {
                return Results.Problem("POST takes a JSON body.", statusCode: 415);
            }

            Product? product;
            try
            {
                product = await context.Request.ReadFromJsonAsync(CrudJsonContext.Default.Product);
            }
            catch (JsonException)
            {
                return Results.Problem("The body is not a product.", statusCode: 400);
            }

            if (product is null)
            {
                return Results.Problem("The body is required.", statusCode: 400);
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(product, new ValidationContext(product), results, validateAllProperties: true))
            {
                var errors = results.SelectMany(r => r.MemberNames.Select(m => (Member: JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage)))
                    .GroupBy(e => e.Member).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Invalid.").ToArray());
                return Results.ValidationProblem(errors);
            }

            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "PRAGMA synchronous = NORMAL; INSERT INTO products (name, price, version) VALUES ($name, $price, 1) RETURNING id";
            insert.Parameters.AddWithValue("$name", product.Name);
            insert.Parameters.AddWithValue("$price", product.Price.ToString(CultureInfo.InvariantCulture));
            product.Id = (long)(await insert.ExecuteScalarAsync())!;
            product.Version = 1;
            context.Response.Headers.ETag = ETag(product);
            return Results.Created("/api/products/" + product.Id.ToString(CultureInfo.InvariantCulture), product);
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The process's garbage collections and allocations so far, for run.sh to difference around a run (both servers answer alike).</summary>
    internal static string Stats() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalAllocatedBytes(precise: false)} {GC.GetTotalPauseDuration().TotalMilliseconds:F1}");

    // The careful hand-written cursor: the last id and an HMAC-SHA256 of it under a key made at start-up, base64url. The id is
    // readable by the client (ours encrypts it too), but neither side's cursor can be forged or altered.
    internal static string Sign(byte[] key, long id)
    {
        Span<byte> token = stackalloc byte[sizeof(long) + HMACSHA256.HashSizeInBytes];
        BinaryPrimitives.WriteInt64LittleEndian(token, id);
        HMACSHA256.HashData(key, token[..sizeof(long)], token[sizeof(long)..]);
        return Base64Url.EncodeToString(token);
    }

    internal static long? OpenSigned(byte[] key, string text)
    {
        Span<byte> token = stackalloc byte[sizeof(long) + HMACSHA256.HashSizeInBytes];
        if (text.Length != Base64Url.GetEncodedLength(token.Length)
            || Base64Url.DecodeFromChars(text, token, out _, out var written) != OperationStatus.Done || written != token.Length)
        {
            return null;
        }

        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, token[..sizeof(long)], tag);
        return CryptographicOperations.FixedTimeEquals(tag, token[sizeof(long)..]) ? BinaryPrimitives.ReadInt64LittleEndian(token) : null;
    }

    private static long? OpenSealed(IDataProtector cursors, string text)
    {
        try
        {
            return long.Parse(cursors.Unprotect(text), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private static string ETag(Product product) => "\"" + product.Version.ToString(CultureInfo.InvariantCulture) + "\"";

    private static Product Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Name = reader.GetString(1),
        Price = decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
        Version = reader.GetInt64(3),
    };

    private static void Seed(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS products " +
                "(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price TEXT NOT NULL, version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM products";
        if ((long)count.ExecuteScalar()! > 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO products (name, price, version) VALUES ($name, $price, 1)";
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var price = insert.Parameters.Add("$price", SqliteType.Text);
        for (var i = 1; i <= Product.SeedRows; i++)
        {
            name.Value = "product " + i.ToString(CultureInfo.InvariantCulture);
            price.Value = (i % 100 + 0.5m).ToString(CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}

internal sealed record ProductPage(IReadOnlyList<Product> Items, int? Page, int PageSize, long? Total, string? Next);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(ProductPage))]
internal sealed partial class CrudJsonContext : JsonSerializerContext;
