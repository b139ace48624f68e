using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BackEnd.Storage.Sql.Internal;

// One Activity per statement from the "BackEnd.Storage.Sql" source and the db.client.operation.duration histogram, tagged with
// OpenTelemetry's database conventions. Statement text is recorded with literals replaced (SqlTextSanitizer), never a bound
// value. While nobody listens a statement pays two flag reads.
internal sealed class SqlTelemetry : IDisposable
{
    public const string Name = "BackEnd.Storage.Sql";

    private static readonly ActivitySource Source = new(Name, typeof(SqlTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public SqlTelemetry(SqlDatabaseKind database, IMeterFactory? meterFactory = null)
    {
        Database = database;
        System = database switch
        {
            SqlDatabaseKind.Postgres => "postgresql",
            SqlDatabaseKind.MySql => "mysql",
            _ => "sqlite",
        };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Duration = _meter.CreateHistogram(
            "db.client.operation.duration",
            "s",
            "Duration of database client operations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });
    }

    public SqlDatabaseKind Database { get; }

    // The db.system value: postgresql, mysql (MariaDB included) or sqlite.
    public string System { get; }

    public Histogram<double> Duration { get; }

    public SqlCommandScope Start(string sql)
    {
        var traced = Source.HasListeners();
        if (!traced && !Duration.Enabled)
        {
            return default;
        }

        var operation = SqlTextSanitizer.OperationName(sql);
        Activity? activity = null;
        if (traced)
        {
            activity = Source.StartActivity(operation ?? System, ActivityKind.Client);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("db.system", System);
                activity.SetTag("db.system.name", System);
                if (operation is not null)
                {
                    activity.SetTag("db.operation.name", operation);
                }

                activity.SetTag("db.query.text", SqlTextSanitizer.Sanitize(sql, Database));
            }
        }

        return new SqlCommandScope(this, activity, operation, Duration.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    // A factory's meters are the factory's to dispose.
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
