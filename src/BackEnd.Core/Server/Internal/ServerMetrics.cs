using System.Diagnostics.Metrics;

namespace BackEnd.Server.Internal;

/// <summary>The server's instruments; names follow ASP.NET Core's Kestrel and HTTP server conventions so dashboards and dotnet-counters recognise them.</summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "BackEnd.Server";

    private readonly Meter _meter;

    public ServerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        ActiveConnections = _meter.CreateUpDownCounter<long>("kestrel.active_connections", "{connection}", "Number of connections that are currently active on the server.");
        RejectedConnections = _meter.CreateCounter<long>("kestrel.rejected_connections", "{connection}", "Number of connections rejected because the server was at its connection limit.");
        ConnectionDuration = _meter.CreateHistogram<double>("kestrel.connection.duration", "s", "The duration of connections on the server.");
        ActiveTlsHandshakes = _meter.CreateUpDownCounter<long>("kestrel.active_tls_handshakes", "{handshake}", "Number of TLS handshakes that are currently in progress on the server.");
        ActiveRequests = _meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
        RequestDuration = _meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration of HTTP server requests.");
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

    public void Dispose() => _meter.Dispose();
}
