using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BackEnd.Hosting;
using BackEnd.Http;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Server;
using Microsoft.Extensions.DependencyInjection;
using R = BackEnd.Results.Results;

namespace BackEnd.Testing.Tests.Differential;

/// <summary>The one application the differential test hosts both ways: each route exercises one behaviour a host could change.</summary>
internal static class DifferentialApp
{
    /// <summary>A small body limit, so over-limit cases stay cheap.</summary>
    public const long MaxRequestBodySize = 64 * 1024;

    public static BackEndTestHostOptions Options() => new()
    {
        ConfigureHost = builder => builder.Services.Configure<BackEndServerOptions>(o => o.MaxRequestBodySize = MaxRequestBodySize),
    };

    public static void Configure(IBackEndBuilder backEnd) => backEnd
        .AddCors(o =>
        {
            o.AllowedOrigins.Add("https://app.example.com");
            o.AllowedMethods.Add("PUT");
        })
        .Configure(app =>
        {
            app.UseCors();
            app.MapGet("/text", () => "hello");
            app.MapPut("/text", () => "put");
            app.MapGet("/hello/{name}", (string name) => $"hello {name}");
            app.MapGet("/path/{*rest}", context => WriteAsync(context, $"{context.Request.Path}|{context.Request.RouteValues["rest"]}"));
            app.MapGet("/query", context => WriteAsync(context, string.Join('&', context.Request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))));
            app.MapMethods("/view", null, ViewAsync);
            app.MapPost("/echo", EchoAsync);
            app.MapPost("/ignore-body", context => WriteAsync(context, "ignored"));
            app.MapPost("/upload-stream", UploadStreamAsync);
            app.MapGet("/status/{code:int}", context =>
            {
                context.Response.StatusCode = RouteInt(context, "code");
                return ValueTask.CompletedTask;
            });
            app.MapGet("/status-body/{code:int}", context =>
            {
                context.Response.StatusCode = RouteInt(context, "code");
                return context.Response.WriteAsync("a body on this status"u8.ToArray());
            });
            app.MapGet("/length/{declared:int}/{written:int}", async context =>
            {
                context.Response.ContentLength = RouteInt(context, "declared");
                await context.Response.WriteAsync(Encoding.ASCII.GetBytes(new string('x', RouteInt(context, "written"))));
            });
            app.MapGet("/stream", context => StreamAsync(context, "text/plain", "first\n", "second\n"));
            app.MapGet("/sse", context => StreamAsync(context, "text/event-stream", "data: 1\n\n", "data: 2\n\n"));
            app.MapGet("/ignore-abort", IgnoreAbortAsync);
            app.MapMethods("/ext", ["PURGE"], () => "purged");
            app.MapMethods("/dav", ["PROPFIND"], () => "props");
            app.MapGet("/throw", string () => throw new InvalidOperationException("boom"));
            app.MapGet("/throw-after-start", async context =>
            {
                await context.Response.WriteAsync("partial"u8.ToArray());
                await context.Response.Body.FlushAsync();
                throw new InvalidOperationException("boom after start");
            });
            app.MapGet("/redirect", () => R.Redirect("/text"));
            app.MapGet("/no-content", () => R.NoContent());
            app.MapGet("/not-modified", context =>
            {
                context.Response.StatusCode = 304;
                context.Response.Headers["ETag"] = "\"v1\"";
                return ValueTask.CompletedTask;
            });
            app.MapPost("/json", (Product product) => $"{product.Name}:{product.Price.ToString(CultureInfo.InvariantCulture)}");
            app.MapGet("/set-cookie", context =>
            {
                context.Response.Headers["Set-Cookie"] = "session=abc; Path=/";
                return WriteAsync(context, "set");
            });
            app.MapGet("/cookie", context => WriteAsync(context, $"cookie={context.Request.Headers["Cookie"]}"));
            app.MapGet("/big", context => context.Response.WriteAsync(Encoding.ASCII.GetBytes(new string('b', 100_000))));
            app.MapGet("/headers", context => WriteAsync(context, $"count={context.Request.Headers.Count}|x-test={context.Request.Headers["X-Test"]}"));
            app.MapGet("/bad-response-header", context =>
            {
                context.Response.Headers["X-Bad"] = "a\r\nSet-Cookie: x=1";
                return WriteAsync(context, "never");
            });
            app.MapGet("/remote", context => WriteAsync(context, $"{context.Connection.RemoteIpAddress}|{context.Connection.IsTls}"));
        });

    private static int RouteInt(HttpContext context, string name) =>
        int.Parse(Convert.ToString(context.Request.RouteValues[name], CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);

    private static ValueTask WriteAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async ValueTask ViewAsync(HttpContext context)
    {
        var request = context.Request;
        var read = await ReadAllAsync(request.Body);
        var lines = new[]
        {
            $"method={request.Method}",
            $"scheme={request.Scheme}",
            $"host={request.Host}",
            $"host-header={request.Headers["Host"]}",
            $"protocol={request.Protocol}",
            $"path={request.Path}",
            $"query={request.QueryString}",
            $"content-length={request.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "none"}",
            $"transfer-encoding={request.Headers["Transfer-Encoding"]}",
            $"content-type={request.ContentType ?? "none"}",
            $"body={read.Length}",
        };
        await WriteAsync(context, string.Join('\n', lines));
    }

    private static async ValueTask EchoAsync(HttpContext context)
    {
        var body = await ReadAllAsync(context.Request.Body);
        await WriteAsync(context, $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))[..16]}");
    }

    private static async ValueTask UploadStreamAsync(HttpContext context)
    {
        var id = context.Request.Query["id"].ToString();
        var first = new byte[5];
        await context.Request.Body.ReadExactlyAsync(first);
        Gates.Open("got-part1:" + id);
        var rest = await ReadAllAsync(context.Request.Body);
        await WriteAsync(context, Encoding.ASCII.GetString(first) + "|" + Encoding.ASCII.GetString(rest));
    }

    private static async ValueTask StreamAsync(HttpContext context, string contentType, string first, string second)
    {
        var id = context.Request.Query["id"].ToString();
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(Encoding.UTF8.GetBytes(first));
        await context.Response.Body.FlushAsync();
        await Gates.WaitAsync("release:" + id);
        await context.Response.WriteAsync(Encoding.UTF8.GetBytes(second));
    }

    private static async ValueTask IgnoreAbortAsync(HttpContext context)
    {
        var id = context.Request.Query["id"].ToString();
        context.RequestAborted.Register(() => Gates.Open("aborted:" + id));
        Gates.Open("started:" + id);

        // Ignores RequestAborted on purpose: the client must be released anyway.
        await Gates.WaitAsync("release:" + id);
        await WriteAsync(context, "late");
    }

    private static async Task<byte[]> ReadAllAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public sealed record Product(string Name, decimal Price);
}
