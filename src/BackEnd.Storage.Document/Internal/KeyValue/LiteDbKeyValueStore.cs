using System.Globalization;
using BackEnd.Storage.Document.Internal.LiteDb;
using BackEnd.Storage.KeyValue;
using LiteDB;

namespace BackEnd.Storage.Document.Internal.KeyValue;

/// <summary>
/// Key/value with expiry in the documents' LiteDB file (collection <c>mt_kv</c>: <c>{ _id: key, s: text | l: list, e: expiry ticks }</c>).
/// Each operation is one step on the file's worker, so increments and compare-and-set are atomic.
/// </summary>
internal sealed class LiteDbKeyValueStore : IKeyValueStore, IDisposable
{
    private const string Collection = "mt_kv";
    private readonly LiteDbWorker _worker;
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    public LiteDbKeyValueStore(LiteDbWorker worker, TimeProvider time)
    {
        _worker = worker;
        _time = time;
        _worker.RunAsync(db => db.GetCollection(Collection).EnsureIndex("ix_e", "$.e"), CancellationToken.None).GetAwaiter().GetResult();
        _sweep = time.CreateTimer(_ => _ = SweepAsync(CancellationToken.None), null, InMemoryKeyValueStore.SweepInterval, InMemoryKeyValueStore.SweepInterval);
    }

    public Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        return _worker.RunAsync(db => (long)db.GetCollection(Collection).DeleteMany(BsonExpression.Create("$.e != null AND $.e <= @0", now)), cancellationToken);
    }

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        var now = Now();
        return await _worker.RunAsync(db => Live(db, key, now) is { } record ? Text(record, key) : null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string key, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var record = Record(key, value, null, Expiry(timeToLive));
        await _worker.RunAsync(db => db.GetCollection(Collection).Upsert(record), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        var now = Now();
        return await _worker.RunAsync(db => Live(db, key, now) is not null & db.GetCollection(Collection).Delete(key), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> IncrementAsync(string key, long delta = 1, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var now = Now();
        var expiry = Expiry(timeToLive);
        return await _worker.RunAsync(db =>
        {
            var record = Live(db, key, now);
            long current = 0;
            if (record is not null && !long.TryParse(Text(record, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out current))
            {
                throw new InvalidOperationException($"The key '{key}' holds text that is not an integer.");
            }

            var next = checked(current + delta);
            var keep = record is null ? expiry : record["e"].IsNull ? null : record["e"].AsInt64;
            db.GetCollection(Collection).Upsert(Record(key, next.ToString(CultureInfo.InvariantCulture), null, keep));
            return next;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> CompareAndSetAsync(string key, string? expected, string value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var now = Now();
        var record = Record(key, value, null, Expiry(timeToLive));
        return await _worker.RunAsync(db =>
        {
            var current = Live(db, key, now) is { } stored ? Text(stored, key) : null;
            if (!string.Equals(current, expected, StringComparison.Ordinal))
            {
                return false;
            }

            db.GetCollection(Collection).Upsert(record);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> ListPushAsync(string key, string value, int maxLength, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        KeyValueLimits.CheckListLength(maxLength);
        KeyValueLimits.CheckTimeToLive(timeToLive);
        var now = Now();
        var expiry = Expiry(timeToLive);
        return await _worker.RunAsync(db =>
        {
            var items = new BsonArray { value };
            if (Live(db, key, now) is { } record)
            {
                items.AddRange(List(record, key).Take(maxLength - 1));
            }

            db.GetCollection(Collection).Upsert(Record(key, null, items, expiry));
            return (long)items.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> ListRangeAsync(string key, int count, CancellationToken cancellationToken = default)
    {
        KeyValueLimits.CheckKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var now = Now();
        return await _worker.RunAsync<IReadOnlyList<string>>(
            db => Live(db, key, now) is { } record ? [.. List(record, key).Take(count).Select(v => v.AsString)] : [],
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _sweep.Dispose();

    private static BsonDocument? Live(LiteDatabase db, string key, long now)
    {
        var record = db.GetCollection(Collection).FindById(key);
        return record is null || (!record["e"].IsNull && record["e"].AsInt64 <= now) ? null : record;
    }

    private static string Text(BsonDocument record, string key)
        => record["s"].IsString ? record["s"].AsString : throw new InvalidOperationException($"The key '{key}' holds a list, so this operation does not apply to it.");

    private static BsonArray List(BsonDocument record, string key)
        => record["l"].IsArray ? record["l"].AsArray : throw new InvalidOperationException($"The key '{key}' holds text, so this operation does not apply to it.");

    private static BsonDocument Record(string key, string? text, BsonArray? list, long? expiry) => new()
    {
        ["_id"] = key,
        ["s"] = text is null ? BsonValue.Null : new BsonValue(text),
        ["l"] = list is null ? BsonValue.Null : list,
        ["e"] = expiry is { } e ? new BsonValue(e) : BsonValue.Null,
    };

    private long Now() => _time.GetUtcNow().UtcTicks;

    private long? Expiry(TimeSpan? timeToLive) => timeToLive is { } ttl ? (_time.GetUtcNow() + ttl).UtcTicks : null;
}
