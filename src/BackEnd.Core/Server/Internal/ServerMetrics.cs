using System.Globalization;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>
/// The server's instruments, named as OpenTelemetry's HTTP semantic conventions and ASP.NET Core's Kestrel name them, so
/// dashboards and dotnet-counters recognise them. Every measurement is guarded by <see cref="Instrument.Enabled"/>: with
/// no listener a request pays a few field reads.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "BackEnd.Server";

    // OpenTelemetry's advice for http.server.request.duration, in seconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Meter _meter;

    public ServerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        ActiveConnections = _meter.CreateUpDownCounter<long>("kestrel.active_connections", "{connection}", "Number of connections that are currently active on the server.");
        RejectedConnections = _meter.CreateCounter<long>("kestrel.rejected_connections", "{connection}", "Number of connections rejected because the server was at its connection limit.");
        ConnectionDuration = _meter.CreateHistogram<double>("kestrel.connection.duration", "s", "The duration of connections on the server.");
        ActiveTlsHandshakes = _meter.CreateUpDownCounter<long>("kestrel.active_tls_handshakes", "{handshake}", "Number of TLS handshakes that are currently in progress on the server.");
        ActiveRequests = _meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
        RequestDuration = _meter.CreateHistogram(
            "http.server.request.duration", "s", "Duration of HTTP server requests.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Requests = _meter.CreateCounter<long>("backend.server.requests", "{request}", "Number of requests handed to the application.");
        BadRequests = _meter.CreateCounter<long>("backend.server.bad_requests", "{request}", "Number of requests refused by the server as malformed or over a limit.");
        BytesReceived = _meter.CreateCounter<long>("backend.server.bytes_received", "By", "Request bytes parsed by the server (header sections and bodies).");
        BytesSent = _meter.CreateCounter<long>("backend.server.bytes_sent", "By", "Response bytes written by the server.");
    }

    public UpDownCounter<long> ActiveConnections { get; }

    public Counter<long> RejectedConnections { get; }

    public Histogram<double> ConnectionDuration { get; }

    public UpDownCounter<long> ActiveTlsHandshakes { get; }

    public UpDownCounter<long> ActiveRequests { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Requests { get; }

    public Counter<long> BadRequests { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> BytesSent { get; }

    /// <summary>Adds <paramref name="delta"/> to <c>http.server.active_requests</c> with its required tags (method, scheme).</summary>
    public void AddActiveRequest(HttpRequest request, long delta) =>
        ActiveRequests.Add(delta, new KeyValuePair<string, object?>("http.request.method", MethodTag(request.Method)), new KeyValuePair<string, object?>("url.scheme", request.Scheme));

    /// <summary>Records one <c>http.server.request.duration</c> with OpenTelemetry's tags; the route is the matched template, when a route matched.</summary>
    public void RecordRequestDuration(HttpContext context, long startTimestamp, Exception? failure)
    {
        var request = context.Request;
        var tags = new TagList
        {
            { "http.request.method", MethodTag(request.Method) },
            { "url.scheme", request.Scheme },
            { "http.response.status_code", StatusCodeTags.Get(context.Response.StatusCode) },
            { "network.protocol.version", request.Protocol is "HTTP/1.0" ? "1.0" : "1.1" },
        };
        if (RequestTracing.RouteOf(context) is { } route)
        {
            tags.Add("http.route", route);
        }

        if (failure is not null)
        {
            tags.Add("error.type", failure.GetType().FullName);
        }
        else if (context.Response.StatusCode >= 500)
        {
            // The exception handler turned the failure into a 5xx; OpenTelemetry then names the status code as the error type.
            tags.Add("error.type", context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
        }

        RequestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>OpenTelemetry's <c>http.request.method</c>: the known methods as they are, any other as <c>_OTHER</c>, so a client cannot grow the tag set.</summary>
    internal static string MethodTag(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "DELETE" or "HEAD" or "PATCH" or "OPTIONS" or "TRACE" or "CONNECT" => method,
        _ => "_OTHER",
    };

    /// <summary>Boxed status codes made once, so recording a status allocates nothing; created only when a listener records durations.</summary>
    private static class StatusCodeTags
    {
        private static readonly object[] Boxed = CreateBoxed();

        public static object Get(int status) => (uint)(status - 100) < (uint)Boxed.Length ? Boxed[status - 100] : status;

        private static object[] CreateBoxed()
        {
            var boxed = new object[500];
            for (var i = 0; i < boxed.Length; i++)
            {
                boxed[i] = i + 100;
            }

            return boxed;
        }
    }
}
