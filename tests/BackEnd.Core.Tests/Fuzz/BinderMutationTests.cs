using System.Globalization;
using System.Text;
using BackEnd.Core.Tests.Server;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Fuzz;

/// <summary>
/// Mutated JSON bodies, form bodies, query strings and route values (fixed seed, bounded) sent over a socket to routed
/// endpoints: every one is bound (2xx) or refused (4xx); never a 500, never a dropped connection without an answer.
/// </summary>
public sealed class BinderMutationTests(ITestOutputHelper output)
{
    private const int Iterations = 1500;

    private static readonly string[] s_json =
    [
        "{\"name\":\"ab\",\"quantity\":3,\"price\":12.5,\"at\":\"2026-11-27T10:00:00Z\",\"kind\":\"Express\",\"tags\":[\"x\",\"y\"],\"lines\":[{\"sku\":\"s1\",\"count\":2}],\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}",
        "{\"name\":\"\\u00e9\\ud83d\\ude00\",\"quantity\":-2147483648,\"price\":1e3,\"kind\":1,\"tags\":[],\"lines\":[]}",
        "[]",
        "{\"lines\":[{\"sku\":null,\"count\":9223372036854775807}]}",
    ];

    private static readonly string[] s_forms =
    [
        "userName=ann&age=30&remember=true&tags=a&tags=b",
        "userName=%C3%A9%20x&age=-1&remember=on&tags=",
        "userName=&age=99999999999&remember=maybe",
        "tags%5B0%5D=a&tags%5B1%5D=b&userName=x+y",
    ];

    private static readonly string[] s_queries =
    [
        "/q/5?tags=1&tags=2&at=2026-01-01&flag=true&ratio=0.5",
        "/q/-3?tags=&at=&flag=1&ratio=NaN",
        "/q/2147483647?tags=99999999999&ratio=1e309",
    ];

    [Fact]
    public async Task MutatedBodiesAndQueries_BoundOrRefused_NeverServerError()
    {
        await using var server = await TestServer.StartAsync(backEnd => backEnd.Configure(app =>
        {
            app.MapPost("/json", (Order order) => order.Lines?.Count ?? 0);
            app.MapPost("/form", ([FromForm] SignUp form) => $"{form.UserName}|{form.Age}|{form.Tags?.Count}");
            app.MapGet("/q/{id:int}", (int id, int[]? tags, DateTime? at, bool? flag, double? ratio) => $"{id}|{tags?.Length}|{at}|{flag}|{ratio}");
        }));
        var mutator = new Mutator(20261128, "{}[]\":,.-+eE0123456789\\u/tnfal \r\n\t\0%&=?#;ÿ");
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        for (var i = 0; i < Iterations && failures.Count < 10; i++)
        {
            var request = (i % 3) switch
            {
                0 => Post("/json", "application/json", mutator.Mutate(mutator.Pick(s_json), mutator.Pick(s_json))),
                1 => Post("/form", "application/x-www-form-urlencoded", mutator.Mutate(mutator.Pick(s_forms), mutator.Pick(s_forms))),
                _ => Get(mutator.Mutate(mutator.Pick(s_queries))),
            };
            TestResponse? response;
            try
            {
                await using var fresh = await server.ConnectAsync();
                await fresh.SendAsync(request);
                response = await fresh.ReadResponseAsync();
            }
            catch (InvalidDataException ex)
            {
                failures.Add($"#{i} unparsable response ({ex.Message}) to {Escape(request)}");
                continue;
            }

            if (response is null)
            {
                failures.Add($"#{i} connection closed without an answer to {Escape(request)}");
                continue;
            }

            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            if (response.Status >= 500)
            {
                failures.Add($"#{i} {response.Status} for {Escape(request)}: {response.BodyText}");
            }
        }

        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(p => $"{p.Key}x{p.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(statuses.Keys.Any(s => s is >= 200 and < 300) && statuses.Keys.Any(s => s is >= 400 and < 500), "The mutations were all bound or all refused; the generator is broken.");
    }

    private static byte[] Post(string path, string type, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: a\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n")), .. bytes];
    }

    // Characters a client cannot put in a request target go percent-encoded, as a browser would send them.
    private static byte[] Get(string target) =>
        Encoding.ASCII.GetBytes($"GET {Uri.EscapeDataString(target).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3F", "?", StringComparison.Ordinal).Replace("%26", "&", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal)} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    private static string Escape(byte[] request) =>
        Encoding.UTF8.GetString(request).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    public sealed class Order
    {
        public string? Name { get; set; }

        public int Quantity { get; set; }

        public decimal Price { get; set; }

        public DateTimeOffset? At { get; set; }

        public Kind Kind { get; set; }

        public List<string>? Tags { get; set; }

        public List<Line>? Lines { get; set; }

        public Guid? Id { get; set; }
    }

    public sealed class Line
    {
        public string? Sku { get; set; }

        public long Count { get; set; }
    }

    public sealed class SignUp
    {
        public string? UserName { get; set; }

        public int Age { get; set; }

        public List<string>? Tags { get; set; }
    }

    public enum Kind
    {
        Standard,
        Express,
    }
}
