using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackEnd.Storage.Sql.Tests.Features;
using BackEnd.Storage.Sql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Storage.Sql.Tests.Diagnostics;

/// <summary>An Activity and a duration measurement per statement, with OpenTelemetry's database tags and no bound values.</summary>
public sealed class SqlTelemetryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Statements_WithActivityListener_OneClientActivityEachWithDbTagsAndNoValues()
    {
        await using var host = await StartAsync();
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        using var recorder = new ActivityRecorder();
        using (recorder.Parent)
        {
            var person = await host.Database.GetRepository<Person, long>().InsertAsync(new Person { FullName = secret, Email = secret + "@example.test" });
            await host.Database.GetRepository<Person, long>().GetAsync(person.Id);
            await host.Database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE full_name <> 'literal-secret' AND age > 123456 AND email = @secret", new { secret });
        }

        var activities = recorder.Stopped.ToArray();
        Assert.Equal(["INSERT", "SELECT", "SELECT"], activities.Select(a => a.GetTagItem("db.operation.name")));
        Assert.All(activities, a =>
        {
            Assert.Equal(ActivityKind.Client, a.Kind);
            Assert.Equal("sqlite", a.GetTagItem("db.system"));
            Assert.Equal(ActivityStatusCode.Unset, a.Status);
            Assert.Contains("people", (string)a.GetTagItem("db.query.text")!, StringComparison.Ordinal);
            Assert.All(a.TagObjects, tag => Assert.DoesNotContain(secret, tag.Value?.ToString() ?? "", StringComparison.Ordinal));
        });
        var text = (string)activities[2].GetTagItem("db.query.text")!;
        Assert.Equal("SELECT COUNT(*) FROM people WHERE full_name <> ? AND age > ? AND email = @secret", text);
    }

    [Fact]
    public async Task FailedStatement_Activity_CarriesErrorTypeAndErrorStatus()
    {
        await using var host = await StartAsync();
        var email = Guid.NewGuid().ToString("N") + "@example.test";
        var people = host.Database.GetRepository<Person, long>();
        await people.InsertAsync(new Person { FullName = "first", Email = email });
        using var recorder = new ActivityRecorder();
        using (recorder.Parent)
        {
            await Assert.ThrowsAsync<DuplicateKeyException>(async () => await people.InsertAsync(new Person { FullName = "second", Email = email }));
        }

        var failed = Assert.Single(recorder.Stopped);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(Microsoft.Data.Sqlite.SqliteException).FullName, failed.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Statements_WithMeterListener_RecordOneDurationEach()
    {
        using var meters = new TestMeterFactory();
        await using var host = await StartAsync(meters);
        var measurements = new ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "db.client.operation.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        var person = await host.Database.GetRepository<Person, long>().InsertAsync(new Person { FullName = "m", Email = Guid.NewGuid().ToString("N") + "@example.test" });
        await host.Database.QueryAsync<PersonRow>("SELECT id, full_name, email, age FROM people WHERE id = @id", new { id = person.Id });
        await Assert.ThrowsAnyAsync<StorageException>(async () => await host.Database.ExecuteAsync("SELECT * FROM no_such_table"));

        Assert.Equal(3, measurements.Count);
        Assert.All(measurements, m => Assert.True(m.Seconds >= 0));
        Assert.All(measurements, m => Assert.Equal("sqlite", m.Tags["db.system"]));
        Assert.Equal(["INSERT", "SELECT", "SELECT"], measurements.Select(m => m.Tags["db.operation.name"]));
        Assert.Equal([false, false, true], measurements.Select(m => m.Tags.ContainsKey("error.type")));
    }

    public void Dispose() => _directory.Dispose();

    private Task<SqlStoreHost> StartAsync(IMeterFactory? meters = null) => SqlStoreHost.StartAsync(
        o => o.UseSqlite($"Data Source={_directory.File("telemetry.db")}").AddMigration(FeatureSchema.Sqlite),
        services =>
        {
            if (meters is not null)
            {
                services.AddSingleton(meters);
            }
        });

    // Collects the storage activities of one trace, the one Parent starts, so tests running alongside do not interfere.
    private sealed class ActivityRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _stopped = new();

        public ActivityRecorder()
        {
            var parent = new Activity("test").SetIdFormat(ActivityIdFormat.W3C);
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "BackEnd.Storage.Sql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == parent.TraceId)
                    {
                        _stopped.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
            Parent = parent.Start();
        }

        public Activity Parent { get; }

        public IReadOnlyCollection<Activity> Stopped => _stopped;

        public void Dispose()
        {
            Parent.Dispose();
            _listener.Dispose();
        }
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly ConcurrentBag<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
