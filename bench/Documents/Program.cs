using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JsonSerializer = System.Text.Json.JsonSerializer;
using BackEnd.Documents.Benchmarks;
using BackEnd.Hosting;
using BackEnd.Storage.Document;
using BackEnd.Storage.KeyValue;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

// Usage: dotnet run -c Release --project bench/Documents [-- --documents N] [--rounds R] [--only litedb|postgres|redis]
// LiteDB always runs; PostgreSQL when BACKEND_TEST_POSTGRES is set, Redis when BACKEND_TEST_REDIS is set.
// A smaller --documents gives a quick A/B run on a busy machine (the issue's figures are at 100,000).
var documentCount = Option("--documents") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 100_000;
var only = Option("--only");
Measure.Rounds = Option("--rounds") is { } rounds ? int.Parse(rounds, CultureInfo.InvariantCulture) : Measure.Rounds;
var chunk = Math.Min(5_000, documentCount);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var results = new List<(string Engine, string Operation, double Raw, double Ours, double RawCpu, double OurCpu, double RawBytes, double OurBytes)>();
var total = Stopwatch.StartNew();
var folder = Path.Combine(Path.GetTempPath(), "backend-documents-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {LoadAverage()}; {documentCount:N0} documents per side, median of {Measure.Rounds} interleaved rounds");

try
{
    if (only is null or "litedb")
    {
        await LiteDbAsync();
    }

    if (only is "litedb" or "redis")
    {
    }
    else if (Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES") is { Length: > 0 } postgres)
    {
        await PostgresAsync(postgres);
    }
    else
    {
        Console.WriteLine("PostgreSQL skipped: set BACKEND_TEST_POSTGRES.");
    }

    if (only is "litedb" or "postgres")
    {
    }
    else if (Environment.GetEnvironmentVariable("BACKEND_TEST_REDIS") is { Length: > 0 } redis)
    {
        await RedisAsync(redis);
    }
    else
    {
        Console.WriteLine("Redis skipped: set BACKEND_TEST_REDIS.");
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

Console.WriteLine();
Console.WriteLine("| engine | operation | raw µs/op | ours µs/op | overhead | raw CPU µs/op | ours CPU µs/op | CPU overhead | alloc B/op raw / ours |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (engine, operation, raw, ours, rawCpu, ourCpu, rawBytes, ourBytes) in results)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {engine} | {operation} | {raw:N1} | {ours:N1} | {(ours / raw - 1) * 100:+0;-0} % | {rawCpu:N1} | {ourCpu:N1} | {(ourCpu / rawCpu - 1) * 100:+0;-0} % | {rawBytes:N0} / {ourBytes:N0} |"));
}

Console.WriteLine();
foreach (var engine in results.Select(r => r.Engine).Distinct())
{
    var indexed = results.FirstOrDefault(r => r.Engine == engine && r.Operation.StartsWith("indexed", StringComparison.Ordinal));
    var scan = results.FirstOrDefault(r => r.Engine == engine && r.Operation.StartsWith("unindexed", StringComparison.Ordinal));
    if (indexed.Engine is not null && scan.Engine is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine}: indexed lookup {scan.Ours / indexed.Ours:N0}× faster than unindexed (ours), {scan.Raw / indexed.Raw:N0}× (raw)"));
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {total.Elapsed.TotalSeconds:N0} s, load average {LoadAverage()}"));
return;

async Task LiteDbAsync()
{
    using var raw = new LiteDatabase($"Filename={Path.Combine(folder, "raw.db")}");
    var rawDocs = raw.GetCollection<BenchDoc>("docs");
    var rawInserts = raw.GetCollection<BenchDoc>("inserts");
    await using var provider = Services(o => o.UseLiteDb($"Filename={Path.Combine(folder, "ours.db")}"));
    var store = provider.GetRequiredService<IDocumentStore>();
    var ourDocs = store.GetCollection<BenchDoc>("docs");
    var ourInserts = store.GetCollection<BenchDoc>("inserts");

    var load = Stopwatch.StartNew();
    for (var start = 1; start <= documentCount; start += chunk)
    {
        rawDocs.InsertBulk(Batch(start));
    }

    var rawLoad = load.Elapsed;
    load.Restart();
    for (var start = 1; start <= documentCount; start += chunk)
    {
        await ourDocs.InsertManyAsync(Batch(start));
    }

    Console.WriteLine($"LiteDB: loaded {documentCount:N0} documents in {rawLoad.TotalSeconds:N1} s raw, {load.Elapsed.TotalSeconds:N1} s ours");
    rawDocs.EnsureIndex(x => x.Email);
    await ourDocs.EnsureIndexAsync(x => x.Email);

    Add("LiteDB", "insert", await Measure.CompareAsync(1_000,
        i => { rawInserts.Insert(BenchDoc.Create(i + 1)); return Task.CompletedTask; },
        i => ourInserts.InsertAsync(BenchDoc.Create(i + 1))));
    Add("LiteDB", "find by id", await Measure.CompareAsync(3_000,
        i => { _ = rawDocs.FindById(Spread(i)) ?? throw new InvalidOperationException("missing"); return Task.CompletedTask; },
        async i => _ = await ourDocs.FindByIdAsync(Spread(i)) ?? throw new InvalidOperationException("missing")));
    Add("LiteDB", "indexed field (Email ==)", await Measure.CompareAsync(2_000,
        i => { var email = "u" + Spread(i) + "@example.com"; _ = rawDocs.Find(x => x.Email == email).Single(); return Task.CompletedTask; },
        async i => { var email = "u" + Spread(i) + "@example.com"; _ = (await ourDocs.FindAsync(x => x.Email == email)).Single(); }));
    Add("LiteDB", "unindexed field (Code ==)", await Measure.CompareAsync(3,
        i => { var code = "k" + Spread(i); _ = rawDocs.Find(x => x.Code == code).Single(); return Task.CompletedTask; },
        async i => { var code = "k" + Spread(i); _ = (await ourDocs.FindAsync(x => x.Code == code)).Single(); },
        warmUp: 1,
        warmUpSeconds: 0));
}

async Task PostgresAsync(string server)
{
    var schemas = new[] { "bench_raw_" + Guid.NewGuid().ToString("N"), "bench_ours_" + Guid.NewGuid().ToString("N") };
    await ExecuteAsync(server, string.Join(';', schemas.Select(s => $"CREATE SCHEMA {s}")));
    try
    {
        // Both sides get the same pool settings (auto-prepare, no reset on return), so the difference is the library's work.
        string InSchema(string schema) => new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString;
        await using var raw = NpgsqlDataSource.Create(InSchema(schemas[0]));
        await ExecuteAsync(InSchema(schemas[0]),
            "CREATE TABLE docs (id bigint PRIMARY KEY, data jsonb NOT NULL); CREATE TABLE inserts (id bigint PRIMARY KEY, data jsonb NOT NULL)");
        await using var provider = Services(o => o.UsePostgres(InSchema(schemas[1])));
        var store = provider.GetRequiredService<IDocumentStore>();
        var ourDocs = store.GetCollection<BenchDoc>("docs");
        var ourInserts = store.GetCollection<BenchDoc>("inserts");

        var load = Stopwatch.StartNew();
        for (var start = 1; start <= documentCount; start += chunk)
        {
            var batch = Batch(start);
            await using var command = raw.CreateCommand("INSERT INTO docs (id, data) SELECT * FROM unnest($1::bigint[], $2::jsonb[])");
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(d => d.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(d => JsonSerializer.Serialize(d, json)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await command.ExecuteNonQueryAsync();
        }

        var rawLoad = load.Elapsed;
        load.Restart();
        for (var start = 1; start <= documentCount; start += chunk)
        {
            await ourDocs.InsertManyAsync(Batch(start));
        }

        Console.WriteLine($"PostgreSQL: loaded {documentCount:N0} documents in {rawLoad.TotalSeconds:N1} s raw, {load.Elapsed.TotalSeconds:N1} s ours");
        await ExecuteAsync(InSchema(schemas[0]), "CREATE INDEX docs_email ON docs ((data ->> 'email')); ANALYZE docs");
        await ourDocs.EnsureIndexAsync(x => x.Email);
        await ExecuteAsync(InSchema(schemas[1]), "ANALYZE mt_doc_docs");

        async Task<BenchDoc?> RawOneAsync(string sql, object value)
        {
            await using var connection = await raw.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = value });
            await using var reader = await command.ExecuteReaderAsync();
            BenchDoc? found = null;
            while (await reader.ReadAsync())
            {
                found = JsonSerializer.Deserialize<BenchDoc>(reader.GetString(0), json);
            }

            return found;
        }

        Add("PostgreSQL", "insert", await Measure.CompareAsync(500,
            async i =>
            {
                await using var connection = await raw.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("INSERT INTO inserts (id, data) VALUES ($1, $2)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = (long)i + 1 });
                command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(BenchDoc.Create(i + 1), json), NpgsqlDbType = NpgsqlDbType.Jsonb });
                await command.ExecuteNonQueryAsync();
            },
            i => ourInserts.InsertAsync(BenchDoc.Create(i + 1))));
        Add("PostgreSQL", "find by id", await Measure.CompareAsync(1_000,
            async i => _ = await RawOneAsync("SELECT data FROM docs WHERE id = $1", Spread(i)) ?? throw new InvalidOperationException("missing"),
            async i => _ = await ourDocs.FindByIdAsync(Spread(i)) ?? throw new InvalidOperationException("missing")));
        Add("PostgreSQL", "indexed field (Email ==)", await Measure.CompareAsync(1_000,
            async i => _ = await RawOneAsync("SELECT data FROM docs WHERE data ->> 'email' = $1", "u" + Spread(i) + "@example.com") ?? throw new InvalidOperationException("missing"),
            async i => { var email = "u" + Spread(i) + "@example.com"; _ = (await ourDocs.FindAsync(x => x.Email == email)).Single(); }));
        Add("PostgreSQL", "unindexed field (Code ==)", await Measure.CompareAsync(3,
            async i => _ = await RawOneAsync("SELECT data FROM docs WHERE data ->> 'code' = $1", "k" + Spread(i)) ?? throw new InvalidOperationException("missing"),
            async i => { var code = "k" + Spread(i); _ = (await ourDocs.FindAsync(x => x.Code == code)).Single(); },
            warmUp: 1,
            warmUpSeconds: 0));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, string.Join(';', schemas.Select(s => $"DROP SCHEMA {s} CASCADE")));
    }
}

async Task RedisAsync(string configuration)
{
    await using var raw = await ConnectionMultiplexer.ConnectAsync(configuration);
    var db = raw.GetDatabase();
    await using var provider = Services(o => o.UseLiteDb($"Filename={Path.Combine(folder, "kv.db")}").UseRedisForKeyValue(configuration));
    var store = provider.GetRequiredService<IKeyValueStore>();
    var prefix = "bench:" + Guid.NewGuid().ToString("N") + ":";
    var value = new string('v', 100);

    const int redisOperations = 5_000;
    Add("Redis", "set", await Measure.CompareValueTasksAsync(redisOperations,
        i => new ValueTask(db.StringSetAsync(prefix + "raw:" + i, value)),
        i => store.SetAsync(prefix + "ours:" + i, value)));
    Add("Redis", "get", await Measure.CompareValueTasksAsync(redisOperations,
        // The warm-up runs past the keys the set phase wrote: read within them.
        async i => _ = (string?)await db.StringGetAsync(prefix + "raw:" + (i % redisOperations)) ?? throw new InvalidOperationException("missing"),
        async i => _ = await store.GetAsync(prefix + "ours:" + (i % redisOperations)) ?? throw new InvalidOperationException("missing")));

    var written = Enumerable.Range(0, (Measure.Rounds + 1) * redisOperations).SelectMany(i => new[] { (RedisKey)(prefix + "raw:" + i), (RedisKey)(prefix + "ours:" + i) });
    foreach (var keys in written.Chunk(1_000))
    {
        await db.KeyDeleteAsync(keys);
    }
}

void Add(string engine, string operation, (double Raw, double Ours) times)
{
    var cpu = Measure.LastCpu;
    var bytes = Measure.LastAllocated;
    results.Add((engine, operation, times.Raw, times.Ours, cpu.Raw, cpu.Ours, bytes.Raw, bytes.Ours));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{engine,-10} {operation,-28} raw {times.Raw,10:N1} µs  ours {times.Ours,10:N1} µs  CPU raw {cpu.Raw,10:N1} µs  ours {cpu.Ours,10:N1} µs  ({total.Elapsed.TotalSeconds:N0} s, load {LoadAverage()})"));
}

List<BenchDoc> Batch(int start) => [.. Enumerable.Range(start, chunk).Select(i => BenchDoc.Create(i))];

// Reads spread over the whole collection rather than one warm corner of it.
long Spread(int i) => (long)i * 7919 % documentCount + 1;

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

static ServiceProvider Services(Action<DocumentStorageOptions> configure)
{
    var services = new ServiceCollection();
    services.AddBackEnd().AddDocumentStorage(configure);
    return services.BuildServiceProvider();
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
