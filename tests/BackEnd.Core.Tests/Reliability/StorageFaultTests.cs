using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.Document;
using BackEnd.Storage.KeyValue;
using BackEnd.Storage.Sql;
using BackEnd.Storage.Testing;
using BackEnd.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace BackEnd.Core.Tests.Reliability;

/// <summary>
/// PostgreSQL behind a relay the test cuts (connections reset and refused) or turns into a black hole (connections accepted,
/// never answered): requests that need it get 503 problems with Retry-After in bounded time, readiness turns unhealthy,
/// and both recover without a restart once the relay is back.
/// </summary>
[Collection(ReliabilityGroup.Name)]
[RequiresEnvironmentVariable(Variable)]
public sealed class PostgresFaultTests(ITestOutputHelper output)
{
    private const string Variable = "BACKEND_TEST_POSTGRES";

    [StoreTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RelayCutOrBlackHole_503WithRetryAfterAndUnready_ThenRecoversWithoutRestart(bool blackHole)
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(Variable));
        await using var relay = OutageProxy.Start(server.Host!, server.Port);
        server.Host = "127.0.0.1";
        server.Port = relay.Port;
        server.Timeout = 3;
        await using var host = await BackEndTestHost.StartServerAsync(backEnd => backEnd
            .AddSqlStorage(o =>
            {
                o.UsePostgres(server.ConnectionString).CreateTablesFor<FaultProbe>();
                o.CommandTimeout = TimeSpan.FromSeconds(5);
            })
            .Configure(app =>
            {
                app.MapHealthChecks("/health/ready");
                app.MapGet("/probes/count", async (IRepository<FaultProbe, long> probes, CancellationToken ct) => await probes.CountAsync(cancellationToken: ct));
                app.MapPost("/probes", async (IRepository<FaultProbe, long> probes, CancellationToken ct) => (await probes.InsertAsync(new FaultProbe { Note = "n" }, ct)).Id);
            }));
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        var outcome = await FaultCycle.RunAsync(client, relay, blackHole, ["/probes/count"], "/probes", "/health/ready");

        output.WriteLine(outcome.Describe("PostgreSQL (connect timeout 3 s, command timeout 5 s)"));
        outcome.AssertHeld();
    }
}

/// <summary>Redis as the key/value store behind a relay the test cuts or black-holes: 503 with Retry-After meanwhile, readiness follows, recovery without restart.</summary>
[Collection(ReliabilityGroup.Name)]
[RequiresEnvironmentVariable(Variable)]
public sealed class RedisFaultTests(ITestOutputHelper output) : IDisposable
{
    private const string Variable = "BACKEND_TEST_REDIS";
    private readonly string _directory = Directory.CreateTempSubdirectory("backend-redis-fault-").FullName;

    [StoreTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RelayCutOrBlackHole_503WithRetryAfterAndUnready_ThenRecoversWithoutRestart(bool blackHole)
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable)!.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        await using var relay = OutageProxy.Start(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
        var configuration = $"127.0.0.1:{relay.Port},connectTimeout=1000,asyncTimeout=2000,syncTimeout=2000";
        await using var host = await BackEndTestHost.StartServerAsync(backEnd => backEnd
            .AddDocumentStorage(o => o.UseLiteDb($"Filename={Path.Combine(_directory, "docs.db")}").UseRedisForKeyValue(configuration))
            .Configure(app =>
            {
                app.MapHealthChecks("/health/ready");
                app.MapGet("/hits", async (IKeyValueStore store, CancellationToken ct) => await store.GetAsync("fault:hits", ct) ?? "0");
                app.MapPost("/hits", async (IKeyValueStore store, CancellationToken ct) => await store.IncrementAsync("fault:hits", cancellationToken: ct));
            }));
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        var outcome = await FaultCycle.RunAsync(client, relay, blackHole, ["/hits"], "/hits", "/health/ready");

        output.WriteLine(outcome.Describe("Redis (connect timeout 1 s, command timeouts 2 s)"));
        outcome.AssertHeld();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>The storage entity the PostgreSQL fault test reads and writes.</summary>
public sealed class FaultProbe
{
    public long Id { get; set; }

    public string Note { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>One outage: traffic before, during and after a cut or black-holed relay, with what each phase answered and how long it took.</summary>
internal sealed class FaultCycle
{
    private const int RequestsWhileCut = 6;

    public List<string> Failures { get; } = [];

    public List<double> CutSeconds { get; } = [];

    public double RecoverySeconds { get; private set; }

    public HttpStatusCode ReadyWhileCut { get; private set; }

    public double ReadySeconds { get; private set; }

    public bool BlackHole { get; private set; }

    public static async Task<FaultCycle> RunAsync(HttpClient client, OutageProxy relay, bool blackHole, string[] reads, string write, string ready)
    {
        var cycle = new FaultCycle { BlackHole = blackHole };
        foreach (var path in reads)
        {
            await cycle.ExpectAsync(client, HttpMethod.Get, path, HttpStatusCode.OK, "before");
        }

        await cycle.ExpectAsync(client, HttpMethod.Post, write, HttpStatusCode.OK, "before");
        await cycle.ExpectAsync(client, HttpMethod.Get, ready, HttpStatusCode.OK, "before");

        if (blackHole)
        {
            relay.BlackHole();
        }
        else
        {
            relay.Cut();
        }

        for (var i = 0; i < RequestsWhileCut; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var method = i % 2 == 0 ? HttpMethod.Get : HttpMethod.Post;
            using var response = await client.SendAsync(new HttpRequestMessage(method, i % 2 == 0 ? reads[i / 2 % reads.Length] : write));
            cycle.CutSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || response.Headers.RetryAfter?.Delta is not { TotalSeconds: > 0 })
            {
                cycle.Failures.Add($"while cut, {method} answered {(int)response.StatusCode} {response.Content.Headers.ContentType} Retry-After={response.Headers.RetryAfter}: {body}");
            }
        }

        var readyStarted = Stopwatch.GetTimestamp();
        using (var unready = await client.GetAsync(ready))
        {
            cycle.ReadySeconds = Stopwatch.GetElapsedTime(readyStarted).TotalSeconds;
            cycle.ReadyWhileCut = unready.StatusCode;
            var report = await unready.Content.ReadAsStringAsync();
            if (unready.StatusCode != HttpStatusCode.ServiceUnavailable || !report.Contains("Unhealthy", StringComparison.OrdinalIgnoreCase))
            {
                cycle.Failures.Add($"readiness while cut answered {(int)unready.StatusCode}: {report}");
            }
        }

        relay.Restore();
        var restored = Stopwatch.GetTimestamp();
        var recovered = false;
        for (var attempt = 0; attempt < 60 && !recovered; attempt++)
        {
            using var response = await client.GetAsync(ready);
            recovered = response.StatusCode == HttpStatusCode.OK;
            if (!recovered)
            {
                await Task.Delay(500);
            }
        }

        cycle.RecoverySeconds = Stopwatch.GetElapsedTime(restored).TotalSeconds;
        if (!recovered)
        {
            cycle.Failures.Add("readiness never turned healthy again after the relay was restored");
        }

        foreach (var path in reads)
        {
            await cycle.ExpectAsync(client, HttpMethod.Get, path, HttpStatusCode.OK, "after");
        }

        await cycle.ExpectAsync(client, HttpMethod.Post, write, HttpStatusCode.OK, "after");
        return cycle;
    }

    public string Describe(string engine) => string.Create(CultureInfo.InvariantCulture,
        $"{engine} {(BlackHole ? "black hole" : "cut")}: {CutSeconds.Count} requests answered in {CutSeconds.Min():F2}-{CutSeconds.Max():F2} s, readiness {(int)ReadyWhileCut} in {ReadySeconds:F2} s; " +
        $"healthy again {RecoverySeconds:F2} s after restore; load average {Loopback.LoadAverage()}");

    public void AssertHeld()
    {
        Assert.True(Failures.Count == 0, string.Join("\n", Failures));
        Assert.All(CutSeconds, s => Assert.InRange(s, 0, 20));
        Assert.InRange(ReadySeconds, 0, 20);
    }

    private async Task ExpectAsync(HttpClient client, HttpMethod method, string path, HttpStatusCode expected, string phase)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path));
        if (response.StatusCode != expected)
        {
            Failures.Add($"{phase}: {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
