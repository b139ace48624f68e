using System.Collections;
using System.Diagnostics;
using System.Globalization;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>
/// The logging scope around one request: <c>TraceId</c>, <c>SpanId</c> (and <c>ParentId</c> when the request continues a
/// trace), <c>RequestId</c> and <c>RequestPath</c>, so every log line written while the request runs can be joined to
/// its trace. The ids are those of the request's <see cref="Activity"/> when tracing is on; without one they come
/// from the client's <c>traceparent</c> (W3C Trace Context), else they are made up once per request. Nothing is
/// formatted until a log line reads the scope.
/// </summary>
internal sealed class RequestLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly Activity? _activity;
    private readonly string? _traceParent;
    private readonly string _path;
    private readonly string _connectionId;
    private readonly long _requestNumber;
    private KeyValuePair<string, object?>[]? _items;

    public RequestLogScope(ServerHttpContext context, Activity? activity)
    {
        _activity = activity;
        if (activity is null)
        {
            var traceParent = context.Request.Headers["traceparent"];
            _traceParent = traceParent.Count == 1 ? traceParent[0] : null;
        }

        _path = context.Request.Path;
        _connectionId = context.ConnectionInfo.Id;
        _requestNumber = context.RequestNumber;
    }

    public int Count => Items.Length;

    private KeyValuePair<string, object?>[] Items
    {
        get
        {
            // Two threads of one request may log at once: the first formatting wins, so both see the same made-up ids.
            if (_items is null)
            {
                Interlocked.CompareExchange(ref _items, Format(), null);
            }

            return _items!;
        }
    }

    public KeyValuePair<string, object?> this[int index] => Items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var items = Items;
        return string.Join(", ", items.Select(static item => item.Key + ":" + item.Value));
    }

    private KeyValuePair<string, object?>[] Format()
    {
        ActivityTraceId traceId;
        ActivitySpanId spanId;
        ActivitySpanId parentId;
        if (_activity is not null)
        {
            traceId = _activity.TraceId;
            spanId = _activity.SpanId;
            parentId = _activity.ParentSpanId;
        }
        else if (_traceParent is not null && ActivityContext.TryParse(_traceParent, null, isRemote: true, out var parent))
        {
            traceId = parent.TraceId;
            spanId = ActivitySpanId.CreateRandom();
            parentId = parent.SpanId;
        }
        else
        {
            traceId = ActivityTraceId.CreateRandom();
            spanId = ActivitySpanId.CreateRandom();
            parentId = default;
        }

        var requestId = string.Create(CultureInfo.InvariantCulture, $"{_connectionId}:{_requestNumber:X8}");
        return parentId == default
            ?
            [
                new("TraceId", traceId.ToHexString()),
                new("SpanId", spanId.ToHexString()),
                new("RequestId", requestId),
                new("RequestPath", _path),
            ]
            :
            [
                new("TraceId", traceId.ToHexString()),
                new("SpanId", spanId.ToHexString()),
                new("ParentId", parentId.ToHexString()),
                new("RequestId", requestId),
                new("RequestPath", _path),
            ];
    }
}
