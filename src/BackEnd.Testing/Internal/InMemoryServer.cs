using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackEnd.Http;
using BackEnd.Server;
using BackEnd.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Testing.Internal;

/// <summary>
/// The server side of the in-memory host: the real server's shared state, heartbeat and connection code, fed by
/// <see cref="InMemoryConnection"/>s instead of accepted sockets.
/// </summary>
internal sealed class InMemoryServer : IAsyncDisposable
{
    /// <summary>Carries <see cref="BackEndTestHost.RemoteIpAddressKey"/> to the server; removed before the application sees the request.</summary>
    internal const string RemoteAddressHeader = "X-BackEnd-Test-Remote-Address";

    private static readonly IPEndPoint s_local = new(IPAddress.Loopback, 80);
    private static readonly IPEndPoint s_localTls = new(IPAddress.Loopback, 443);

    private readonly Lazy<X509Certificate2> _certificate = new(CreateCertificate);

    private readonly RequestDelegate _application;
    private readonly ServerMetrics _metrics;
    private readonly ServerServices _services;
    private readonly ITimer _heartbeat;
    private readonly ConcurrentDictionary<long, InMemoryConnection> _connections = new();
    private readonly ConcurrentDictionary<long, Task> _tasks = new();
    private long _open;
    private int _nextPort = 49152;
    private volatile bool _stopped;

    public InMemoryServer(IServiceProvider services, RequestDelegate application)
    {
        _application = application;
        var options = services.GetRequiredService<IOptions<BackEndServerOptions>>().Value;
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _metrics = new ServerMetrics(services.GetService<IMeterFactory>());
        _services = new ServerServices(options, RunAsync, services.GetService<ILoggerFactory>(), timeProvider, _metrics, services);
        _heartbeat = timeProvider.CreateTimer(static state => ((ServerServices)state!).Heartbeat(), _services, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Opens a connection, as the server would accept one, and returns the client's end.</summary>
    /// <summary>Gets the certificate of in-memory <c>https://</c> connections: made on first use, trusted only by this host's clients.</summary>
    public X509Certificate2 Certificate => _certificate.Value;

    public Stream Connect(bool tls)
    {
        if (_stopped)
        {
            throw new HttpRequestException("The test host has been stopped.", null, HttpStatusCode.ServiceUnavailable);
        }

        if (Interlocked.Increment(ref _open) > (_services.Options.MaxConcurrentConnections ?? long.MaxValue))
        {
            // As the server: a connection over the limit is closed as soon as it is accepted.
            Interlocked.Decrement(ref _open);
            _metrics.RejectedConnections.Add(1);
            throw new HttpRequestException("The server closed the connection: MaxConcurrentConnections was reached.");
        }

        var remote = new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _nextPort));
        var info = Http1Connection.CreateConnectionInfo(_services, tls ? s_localTls : s_local, remote, tls);
        var connection = new InMemoryConnection(info);
        _connections[info.NumericId] = connection;
        _tasks[info.NumericId] = ProcessAsync(connection, tls ? Certificate : null);
        return connection.ClientStream;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var pair in _connections)
        {
            // A disposed test host has no client left to ask anything: idle connections close at once.
            pair.Value.Connection?.RequestShutdown();
            pair.Value.Connection?.CloseIfIdle();
        }

        var pending = _tasks.Values.ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var pair in _connections)
            {
                pair.Value.Connection?.Abort("The test host stopped.");
            }
        }

        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }

    private async Task ProcessAsync(InMemoryConnection connection, X509Certificate2? certificate)
    {
        await Task.Yield();
        try
        {
            await connection.ProcessAsync(_services, certificate).ConfigureAwait(false);
        }
        finally
        {
            _services.Connections.TryRemove(connection.Info.NumericId, out _);
            _connections.TryRemove(connection.Info.NumericId, out _);
            _tasks.TryRemove(connection.Info.NumericId, out _);
            Interlocked.Decrement(ref _open);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Runs the application for one request, knowing which connection it came on (to abort it when the client leaves).</summary>
    private async ValueTask RunAsync(HttpContext context)
    {
        var info = (ServerConnectionInfo)context.Connection;
        var headers = context.Request.Headers;
        if (headers.TryGetValue(RemoteAddressHeader, out var address))
        {
            headers.Remove(RemoteAddressHeader);
            info.RemoteIpAddress = IPAddress.Parse(address.ToString());
        }
        else
        {
            info.RemoteIpAddress = IPAddress.Loopback;
        }

        if (!_connections.TryGetValue(info.NumericId, out var connection))
        {
            await _application(context).ConfigureAwait(false);
            return;
        }

        connection.BeginRequest();
        try
        {
            await _application(context).ConfigureAwait(false);
        }
        finally
        {
            connection.EndRequest();
        }
    }
}
