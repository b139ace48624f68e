using System.Diagnostics;

namespace BackEnd.Storage.Sql.Internal;

// The telemetry of one running statement; default (no owner) when nobody listens.
internal struct SqlCommandScope(SqlTelemetry? owner, Activity? activity, string? operation, long started)
{
    private string? _error;

    // Notes a failure; returns false so it can sit in an exception filter without catching anything.
    public bool Failed(Exception exception)
    {
        if (owner is not null)
        {
            _error ??= exception.GetType().FullName;
        }

        return false;
    }

    public readonly void Stop()
    {
        if (owner is null)
        {
            return;
        }

        if (activity is not null)
        {
            if (_error is not null)
            {
                activity.SetTag("error.type", _error);
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Dispose();
        }

        if (started != 0 && owner.Duration.Enabled)
        {
            var tags = new TagList { { "db.system", owner.System }, { "db.system.name", owner.System } };
            if (operation is not null)
            {
                tags.Add("db.operation.name", operation);
            }

            if (_error is not null)
            {
                tags.Add("error.type", _error);
            }

            owner.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
