using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Samples.ScaleOut;
using Xunit.Abstractions;

namespace Samples.Feed.Tests.ScaleOut;

/// <summary>A fact that needs PostgreSQL and Redis, and says which is missing when skipped.</summary>
public sealed class PostgresAndRedisFactAttribute : FactAttribute
{
    public PostgresAndRedisFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES"))
            || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS")))
        {
            Skip = "BACKEND_TEST_POSTGRES and BACKEND_TEST_REDIS must both be set to run Feed's Redis backplane (posts in PostgreSQL, events through Redis).";
        }
    }
}

/// <summary>Two Feed processes on two loopback ports sharing one PostgreSQL: a post made on node A reaches an SSE subscriber of node B.</summary>
public sealed class TwoNodeFeedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public Task PostOnNodeA_ReachesStreamOnNodeB_ThroughPostgres() => RunAsync("postgres");

    [PostgresAndRedisFact]
    public Task PostOnNodeA_ReachesStreamOnNodeB_ThroughRedis() => RunAsync("redis");

    private async Task RunAsync(string backplane)
    {
        var schema = "feed_scale_" + Guid.NewGuid().ToString("N")[..12];
        var server = PostgresFactAttribute.ConnectionString!;
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
        var folder = Directory.CreateTempSubdirectory("backend-feed-nodes-").FullName;
        var nodes = new List<SampleProcess>();
        try
        {
            // One cursor key for both nodes, as the README asks of several nodes on one database.
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = connectionString,
                ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS"),
                ["Feed:Backplane"] = backplane,
                ["BackEnd:Storage:CursorKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            };
            var portA = SampleProcess.FreePort(22100);
            var portB = SampleProcess.FreePort(portA + 1);
            foreach (var (name, port) in new[] { ("feed-a", portA), ("feed-b", portB) })
            {
                nodes.Add(SampleProcess.Start("Feed.dll", name, port, new Dictionary<string, string?>(settings) { ["Feed:DataPath"] = Path.Combine(folder, name) }));
            }

            // Started together: the migrations lock lets one node migrate while the other waits.
            await Task.WhenAll(nodes.Select(n => n.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
            var (a, b) = (nodes[0], nodes[1]);
            using var author = await SignInAsync(a.BaseAddress, "author");
            using var reader = new HttpClient { BaseAddress = b.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            using var stream = await reader.GetAsync("api/posts/stream", HttpCompletionOption.ResponseHeadersRead);
            stream.EnsureSuccessStatusCode();
            var events = Channel.CreateUnbounded<(string Type, string Data)>();
            using var stop = new CancellationTokenSource();
            var pump = PumpAsync(await stream.Content.ReadAsStreamAsync(), events.Writer, stop.Token);

            var latencies = new List<double>();
            var ids = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var created = await author.PostAsJsonAsync("api/posts", new { text = $"post {i} from node A via {backplane} 👋" });
                created.EnsureSuccessStatusCode();
                var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

                using var wait = new CancellationTokenSource(Delivery);
                var (type, data) = await events.Reader.ReadAsync(wait.Token);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                ids.Add(id);

                Assert.Equal("post", type);
                using var post = JsonDocument.Parse(data);
                Assert.Equal(id, post.RootElement.GetProperty("id").GetInt64());
                Assert.Equal($"post {i} from node A via {backplane} 👋", post.RootElement.GetProperty("text").GetString());
            }

            // A delete on A reaches B too, and nothing arrived twice.
            (await author.DeleteAsync($"api/posts/{ids[0]}")).EnsureSuccessStatusCode();
            using (var wait = new CancellationTokenSource(Delivery))
            {
                Assert.Equal(("delete", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), await events.Reader.ReadAsync(wait.Token));
            }

            Assert.False(events.Reader.TryRead(out _));
            output.WriteLine($"{backplane}: node A POST sent → event read on node B's SSE stream (ms): {string.Join(", ", latencies.Select(l => l.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
            await stop.CancelAsync();
            await pump;
        }
        finally
        {
            foreach (var node in nodes)
            {
                output.WriteLine($"--- {node.Name} (last lines)\n{string.Join('\n', node.Output.Split('\n').TakeLast(15))}");
                await node.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task<HttpClient> SignInAsync(Uri node, string userName)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = node };
        const string password = "correct-horse-battery";
        (await client.PostAsJsonAsync("auth/register", new { userName, password })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("auth/login", new { userName, password })).EnsureSuccessStatusCode();
        var csrf = await client.GetFromJsonAsync<JsonElement>("auth/csrf");
        client.DefaultRequestHeaders.Add("X-CSRF-Token", csrf.GetProperty("token").GetString());
        return client;
    }

    private static async Task PumpAsync(Stream body, ChannelWriter<(string, string)> events, CancellationToken cancellationToken)
    {
        using var lines = new StreamReader(body);
        string? type = null;
        string? data = null;
        try
        {
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.Length == 0 && type is not null)
                {
                    events.TryWrite((type, data ?? string.Empty));
                    (type, data) = (null, null);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
