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
// --only postgres --loop ours|prepared|raw|expression|tree+prepared [--ops N]: one side's indexed lookup alone, N times after a warm-up, for a
// profiler; a comma-separated list runs several in turn; a:b compares two of them as a row does (b over a).
// --only litedb --loop insert-ours|insert-raw [--ops N]: one side's single insert alone, after the load as the row runs it, likewise.
var documentCount = Option("--documents") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 100_000;
var only = Option("--only");
Measure.Rounds = Option("--rounds") is { } rounds ? int.Parse(rounds, CultureInfo.InvariantCulture) : Measure.Rounds;
var chunk = Math.Min(5_000, documentCount);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var results = new List<(string Engine, string Operation, Comparison Figures)>();
var total = Stopwatch.StartNew();
var folder = Path.Combine(Path.GetTempPath(), "backend-documents-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {LoadAverage()}; {documentCount:N0} documents per side, {Measure.Pairs} alternating block pairs per row");

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
Console.WriteLine("Overhead: median over the block pairs of ours ÷ raw (IQR: its 25th–75th percentile); µs: median per operation of each side; CPU: this process's, all threads;");
Console.WriteLine("alloc: bytes allocated per operation by the whole process (GC.GetTotalAllocatedBytes, precise: continuations move between threads); a row whose IQR is wider than its median's distance to the target got more pairs.");
Console.WriteLine();
Console.WriteLine("| engine | operation | raw µs/op | ours µs/op | overhead | IQR | raw CPU µs/op | ours CPU µs/op | CPU overhead | alloc B/op raw / ours | pairs × ops |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (engine, operation, f) in results)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {engine} | {operation} | {f.Raw:N1} | {f.Ours:N1} | {Percent(f.Ratio)} | {Percent(f.RatioLow)} … {Percent(f.RatioHigh)} | {f.RawCpu:N1} | {f.OurCpu:N1} | {Percent(f.CpuRatio)} | {f.RawBytes:N0} / {f.OurBytes:N0} | {f.Blocks} × {f.BlockOperations} |"));
}

Console.WriteLine();
foreach (var engine in results.Select(r => r.Engine).Distinct())
{
    var indexed = results.FirstOrDefault(r => r.Engine == engine && r.Operation.StartsWith("indexed", StringComparison.Ordinal));
    var scan = results.FirstOrDefault(r => r.Engine == engine && r.Operation.StartsWith("unindexed", StringComparison.Ordinal));
    if (indexed.Engine is not null && scan.Engine is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine}: indexed lookup {scan.Figures.Ours / indexed.Figures.Ours:N0}× faster than unindexed (ours), {scan.Figures.Raw / indexed.Figures.Raw:N0}× (raw)"));
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

    if (Option("--loop") is { } side)
    {
        // One side's insert alone, as the row runs it (after the load, into its own collection), to profile it without the other side.
        var operations = Option("--ops") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 50_000;
        Func<int, ValueTask<int>> insert = side switch
        {
            "insert-raw" => i => { rawInserts.Insert(BenchDoc.Create(i + 1)); return ValueTask.FromResult(1); },
            "insert-ours" => async i => { await ourInserts.InsertAsync(BenchDoc.Create(i + 1)); return 1; },
            _ => throw new ArgumentException("--loop is insert-ours or insert-raw for LiteDB."),
        };
        await Loop.RunAsync(side, insert, operations, LoadAverage);
        return;
    }

    // Each read row first checks that both sides give back the same document (same type, same values) for one key.
    Same("LiteDB find by id", rawDocs.FindById(Spread(0)), await ourDocs.FindByIdAsync(Spread(0)));
    var checkEmail = "u" + Spread(0) + "@example.com";
    Same("LiteDB indexed", rawDocs.Find(x => x.Email == checkEmail).Single(), (await ourDocs.FindAsync(x => x.Email == checkEmail)).Single());

    // Insert: one typed document each (raw: BsonMapper → BSON; ours: System.Text.Json → view → BSON), LiteDB's own transaction each.
    Add("LiteDB", "insert", await Measure.CompareAsync(50,
        i => { rawInserts.Insert(BenchDoc.Create(i + 1)); return ValueTask.FromResult(1); },
        async i => { await ourInserts.InsertAsync(BenchDoc.Create(i + 1)); return 1; },
        jitQuietSeconds: 0.5));

    // The same inserts in blocks of 500, into collections of their own: LiteDB checkpoints its log about every 155 inserts, at a cost of
    // milliseconds, so the pairs whose median decides the row above mostly hold no checkpoint; here every block holds about three on
    // both sides, as a sustained stream of inserts does.
    var rawInserts500 = raw.GetCollection<BenchDoc>("inserts500");
    var ourInserts500 = store.GetCollection<BenchDoc>("inserts500");
    Add("LiteDB", "insert, blocks of 500", await Measure.CompareAsync(500,
        i => { rawInserts500.Insert(BenchDoc.Create(i + 1)); return ValueTask.FromResult(1); },
        async i => { await ourInserts500.InsertAsync(BenchDoc.Create(i + 1)); return 1; },
        jitQuietSeconds: 0.5));

    // Reads: both sides return typed BenchDoc objects (raw: BsonMapper from BSON; ours: from BSON through UTF-8 JSON).
    Add("LiteDB", "find by id", await Measure.CompareAsync(200,
        i => ValueTask.FromResult(rawDocs.FindById(Spread(i)) is null ? 0 : 1),
        async i => await ourDocs.FindByIdAsync(Spread(i)) is null ? 0 : 1));
    Add("LiteDB", "indexed field (Email ==)", await Measure.CompareAsync(200,
        i => { var email = "u" + Spread(i) + "@example.com"; return ValueTask.FromResult(rawDocs.Find(x => x.Email == email).ToList().Count); },
        async i => { var email = "u" + Spread(i) + "@example.com"; return (await ourDocs.FindAsync(x => x.Email == email)).Count; }));
    Add("LiteDB", "unindexed field (Code ==)", await Measure.CompareAsync(1,
        i => { var code = "k" + Spread(i); return ValueTask.FromResult(rawDocs.Find(x => x.Code == code).ToList().Count); },
        async i => { var code = "k" + Spread(i); return (await ourDocs.FindAsync(x => x.Code == code)).Count; },
        warmUp: 2,
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

        // The raw side as one would write it by hand: one statement text per query, the jsonb column read and deserialised.
        async Task<List<BenchDoc>> RawFindAsync(string sql, NpgsqlParameter value)
        {
            await using var connection = await raw.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(value);
            await using var reader = await command.ExecuteReaderAsync();
            var found = new List<BenchDoc>();
            while (await reader.ReadAsync())
            {
                found.Add(JsonSerializer.Deserialize<BenchDoc>(reader.GetString(0), json)!);
            }

            return found;
        }

        NpgsqlParameter Id(int i) => new() { Value = Spread(i), NpgsqlDbType = NpgsqlDbType.Bigint };
        NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };
        const string FindById = "SELECT data FROM docs WHERE id = $1";
        const string FindByEmail = "SELECT data FROM docs WHERE data ->> 'email' = $1";
        const string FindByCode = "SELECT data FROM docs WHERE data ->> 'code' = $1";

        Same("PostgreSQL find by id", (await RawFindAsync(FindById, Id(0))).Single(), await ourDocs.FindByIdAsync(Spread(0)));
        var checkEmail = "u" + Spread(0) + "@example.com";
        Same("PostgreSQL indexed", (await RawFindAsync(FindByEmail, Text(checkEmail))).Single(), (await ourDocs.FindAsync(x => x.Email == checkEmail)).Single());

        if (Option("--loop") is { } side)
        {
            // One side's indexed lookup alone for a fixed number of operations, to profile it (perf, perf stat) without the other.
            var operations = Option("--ops") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 20_000;
            var preparedByEmail = ourDocs.Prepare((BenchDoc x, string email) => x.Email == email);
            // A comma-separated list (ours,prepared,raw,ours,…) runs the sides one after another in this process: an A/B on one heap and
            // one connection pool, only the first with the long warm-up.
            if (side.Split(':') is [var first, var second])
            {
                // a:b times two of these sides against each other as a row does (alternating blocks, a as the row's raw side).
                var pair = await Measure.CompareAsync(50, Lookup(first), Lookup(second), jitQuietSeconds: 0.5);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, 
                    $"{second} vs {first}: wall {pair.Ours:N1} / {pair.Raw:N1} µs ({(pair.Ratio - 1) * 100:+0.0;-0.0;0.0} %, IQR {(pair.RatioLow - 1) * 100:+0.0;-0.0;0.0} … {(pair.RatioHigh - 1) * 100:+0.0;-0.0;0.0}), "
                    + $"CPU {pair.OurCpu:N1} / {pair.RawCpu:N1} µs ({(pair.CpuRatio - 1) * 100:+0.0;-0.0;0.0} %), {pair.OurBytes:N0} / {pair.RawBytes:N0} B, {pair.Blocks} pairs, load {LoadAverage()}"));
                return;
            }

            var warmUpSeconds = 10.0;
            foreach (var one in side.Split(','))
            {
                await Loop.RunAsync(one, Lookup(one), operations, LoadAverage, warmUpSeconds);
                warmUpSeconds = 1;
            }

            return;

            Func<int, ValueTask<int>> Lookup(string name) => name switch
            {
                "raw" => async i => (await RawFindAsync(FindByEmail, Text("u" + Spread(i) + "@example.com"))).Count,
                // What the caller's lambda costs on its own (the expression tree C# builds for each call).
                "expression" => i =>
                {
                    var email = "u" + Spread(i) + "@example.com";
                    System.Linq.Expressions.Expression<Func<BenchDoc, bool>> predicate = x => x.Email == email;
                    return ValueTask.FromResult(predicate.Parameters.Count);
                },
                // The lambda's tree built and dropped, then the prepared lookup: the tree's whole cost inside a real lookup, without our
                // translation of it.
                "tree+prepared" => async i =>
                {
                    var email = "u" + Spread(i) + "@example.com";
                    System.Linq.Expressions.Expression<Func<BenchDoc, bool>> predicate = x => x.Email == email;
                    return (await preparedByEmail.FindAsync(email)).Count - predicate.Parameters.Count + 1;
                },
                "prepared" => async i => (await preparedByEmail.FindAsync("u" + Spread(i) + "@example.com")).Count,
                _ => async i => { var email = "u" + Spread(i) + "@example.com"; return (await ourDocs.FindAsync(x => x.Email == email)).Count; },
            };
        }

        // Each point row warms both sides until the JIT has been idle this long: a row timed during tier-1 compiles charged them to
        // the side with more new code (the lambda lookup's first row compiled ~160 more methods inside ours' timed blocks than raw's).
        // (--jit-quiet S sets it; 0 gives the former fixed 1 s warm-up.)
        var jitQuiet = Option("--jit-quiet") is { } quiet ? double.Parse(quiet, CultureInfo.InvariantCulture) : 0.5;

        // Insert: raw serialises to a string and sends it as jsonb; ours the same plus its empty mt_json and the version.
        Add("PostgreSQL", "insert", await Measure.CompareAsync(20,
            async i =>
            {
                await using var connection = await raw.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("INSERT INTO inserts (id, data) VALUES ($1, $2)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = (long)i + 1, NpgsqlDbType = NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(BenchDoc.Create(i + 1), json), NpgsqlDbType = NpgsqlDbType.Jsonb });
                await command.ExecuteNonQueryAsync();
                return 1;
            },
            async i => { await ourInserts.InsertAsync(BenchDoc.Create(i + 1)); return 1; },
            jitQuietSeconds: jitQuiet));
        Add("PostgreSQL", "find by id", await Measure.CompareAsync(50,
            async i => (await RawFindAsync(FindById, Id(i))).Count,
            async i => await ourDocs.FindByIdAsync(Spread(i)) is null ? 0 : 1,
            jitQuietSeconds: jitQuiet));
        Add("PostgreSQL", "indexed field (Email ==)", await Measure.CompareAsync(50,
            async i => (await RawFindAsync(FindByEmail, Text("u" + Spread(i) + "@example.com"))).Count,
            async i => { var email = "u" + Spread(i) + "@example.com"; return (await ourDocs.FindAsync(x => x.Email == email)).Count; },
            jitQuietSeconds: jitQuiet));
        // The same lookup written once with a parameter: the raw side's SQL text is a constant, ours' predicate is prepared once.
        var byEmail = ourDocs.Prepare((BenchDoc x, string email) => x.Email == email);
        Same("PostgreSQL indexed, prepared", (await RawFindAsync(FindByEmail, Text(checkEmail))).Single(), (await byEmail.FindAsync(checkEmail)).Single());
        Add("PostgreSQL", "indexed, prepared (Email ==)", await Measure.CompareAsync(50,
            async i => (await RawFindAsync(FindByEmail, Text("u" + Spread(i) + "@example.com"))).Count,
            async i => (await byEmail.FindAsync("u" + Spread(i) + "@example.com")).Count,
            jitQuietSeconds: jitQuiet));
        Add("PostgreSQL", "unindexed field (Code ==)", await Measure.CompareAsync(1,
            async i => (await RawFindAsync(FindByCode, Text("k" + Spread(i)))).Count,
            async i => { var code = "k" + Spread(i); return (await ourDocs.FindAsync(x => x.Code == code)).Count; },
            warmUp: 2,
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

    // Both sides: one string value of 100 characters per key, awaited as each API returns it (raw Task, ours ValueTask).
    const int block = 200;
    var keys = Measure.Pairs * block;
    Add("Redis", "set", await Measure.CompareAsync(block,
        async i => { await db.StringSetAsync(prefix + "raw:" + i, value); return 1; },
        async i => { await store.SetAsync(prefix + "ours:" + i, value); return 1; },
        target: 1.10));

    // The warm-up runs past the keys the set row wrote: reads stay within them.
    Add("Redis", "get", await Measure.CompareAsync(block,
        async i => ((string?)await db.StringGetAsync(prefix + "raw:" + (i % keys)))?.Length == value.Length ? 1 : 0,
        async i => (await store.GetAsync(prefix + "ours:" + (i % keys)))?.Length == value.Length ? 1 : 0,
        target: 1.10));

    // The set row wrote up to 3× its pairs' keys (more pairs when unsteady) and as many again while warming up.
    var written = Enumerable.Range(0, keys * 6).SelectMany(i => new[] { (RedisKey)(prefix + "raw:" + i), (RedisKey)(prefix + "ours:" + i) });
    foreach (var chunkOfKeys in written.Chunk(1_000))
    {
        await db.KeyDeleteAsync(chunkOfKeys);
    }
}

void Add(string engine, string operation, Comparison figures)
{
    results.Add((engine, operation, figures));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{engine,-10} {operation,-26} raw {figures.Raw,9:N1} µs  ours {figures.Ours,9:N1} µs  overhead {Percent(figures.Ratio)} (IQR {Percent(figures.RatioLow)} … {Percent(figures.RatioHigh)})  CPU {figures.RawCpu:N1} / {figures.OurCpu:N1} µs ({Percent(figures.CpuRatio)})  alloc {figures.RawBytes:N0} / {figures.OurBytes:N0} B  {figures.Blocks} pairs  ({total.Elapsed.TotalSeconds:N0} s, load {LoadAverage()})"));
}

void Same(string row, BenchDoc? raw, BenchDoc? ours)
{
    if (raw is null || ours is null || JsonSerializer.Serialize(raw, json) != JsonSerializer.Serialize(ours, json))
    {
        throw new InvalidOperationException($"Unfair comparison in '{row}': the two sides read different documents.");
    }
}

static string Percent(double ratio) => ((ratio - 1) * 100).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " %";

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
