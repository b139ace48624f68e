using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackEnd.Server.Internal;

/// <summary>
/// The HTTP/1.1 server as a hosted service: binds the listen URLs, accepts sockets, runs one
/// <see cref="Http1Connection"/> per socket and shuts down gracefully within the host's shutdown timeout.
/// </summary>
internal sealed partial class BackEndServer : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan IdleCloseGrace = TimeSpan.FromMilliseconds(500);

    private readonly IServiceProvider _services;
    private readonly IOptions<BackEndServerOptions> _options;
    private readonly ServerAddresses _addresses;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<long, Task> _connectionTasks = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abortAll = new();
    private ServerServices? _serverServices;
    private ITimer? _heartbeat;
    private X509Certificate2? _certificate;
    private SslServerAuthenticationOptions? _tlsOptions;
    private long _connectionCount;
    private bool _stopped;

    public BackEndServer(IServiceProvider services, IOptions<BackEndServerOptions> options, ServerAddresses addresses)
    {
        _services = services;
        _options = options;
        _addresses = addresses;
        _loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("BackEnd.Server");
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <summary>Gets the state shared by connections; set once the server has started.</summary>
    internal ServerServices ServerServices => _serverServices ?? throw new InvalidOperationException("The server has not started.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var application = (_services.GetService<IRequestDelegateFactory>() ?? new NotFoundRequestDelegateFactory()).CreateRequestDelegate();
        var metrics = new ServerMetrics(_services.GetService<IMeterFactory>());
        _serverServices = new ServerServices(options, application, _loggerFactory, _timeProvider, metrics, _services);

        var urls = options.Urls ?? _services.GetService<IConfiguration>()?["urls"] ?? BackEndServerDefaults.Urls;
        var endpoints = ListenEndpoint.ParseList(urls);
        if (endpoints.Any(e => e.IsHttps))
        {
            _certificate = CertificateLoader.Load(options);

            // Built once: the chain and key handle are resolved here instead of on every handshake.
            _tlsOptions = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            };
        }

        var bound = new List<string>();
        var boundEndpoints = new List<ListenEndpoint>();
        try
        {
            var previousPort = 0;
            foreach (var parsed in endpoints)
            {
                var endpoint = parsed;
                Socket listener;
                if (endpoint.IsLoopbackTwin)
                {
                    // The IPv6 half of "localhost" takes the port its IPv4 half got (they differ only for port 0), and is
                    // skipped when the machine has no IPv6 loopback, as Kestrel does.
                    endpoint = endpoint with { Port = endpoint.Port == 0 ? previousPort : endpoint.Port };
                    try
                    {
                        listener = Bind(endpoint);
                    }
                    catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: not SocketError.AddressAlreadyInUse })
                    {
                        Log.LoopbackTwinSkipped(_logger, endpoint.Url, ex.Message);
                        continue;
                    }
                }
                else
                {
                    listener = Bind(endpoint);
                }

                _listeners.Add(listener);
                boundEndpoints.Add(endpoint);
                var local = (IPEndPoint)listener.LocalEndPoint!;
                previousPort = local.Port;
                var address = endpoint.Format(local);
                bound.Add(address);
                Log.Listening(_logger, address);
            }
        }
        catch
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _listeners.Clear();
            throw;
        }

        _addresses.Set(bound);
        _heartbeat = _timeProvider.CreateTimer(static state => ((ServerServices)state!).Heartbeat(), _serverServices, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        for (var i = 0; i < _listeners.Count; i++)
        {
            _acceptLoops.Add(AcceptLoopAsync(_listeners[i], boundEndpoints[i]));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped || _serverServices is null)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        foreach (var pair in _serverServices.Connections)
        {
            pair.Value.RequestShutdown();
        }

        var pending = _connectionTasks.Values.ToArray();
        Log.Stopping(_logger, pending.Length);
        try
        {
            if (pending.Length > 0)
            {
                // A keep-alive client that just got a response may already be sending its next request: closing its
                // connection now would lose that request. Idle connections get a short grace to ask (and be answered
                // with Connection: close); busy ones finish and close on their own meanwhile. Wall-clock time on purpose:
                // an application's TimeProvider (a fake one in tests) says nothing about how fast clients are.
                await Task.WhenAny(Task.WhenAll(pending), Task.Delay(IdleCloseGrace, cancellationToken)).ConfigureAwait(false);
                foreach (var pair in _serverServices.Connections)
                {
                    pair.Value.CloseIfIdle();
                }
            }

            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.ShutdownTimeout(_logger, _serverServices.Connections.Count);
            await _abortAll.CancelAsync().ConfigureAwait(false);
            foreach (var pair in _serverServices.Connections)
            {
                pair.Value.Abort("The server shutdown timeout elapsed.");
            }

            try
            {
                await Task.WhenAll(_connectionTasks.Values.ToArray()).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Connections stuck past an abort are left to the process exit.
            }
        }

        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
        }

        AllocationStats.LogTotals(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped && _serverServices is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StopAsync(cts.Token).ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _stopping.Dispose();
        _abortAll.Dispose();
        _serverServices?.Metrics.Dispose();
    }

    /// <summary>Serves one connection over any duplex pipe: the in-memory entry point for tests and test hosts.</summary>
    internal Task ProcessConnectionAsync(IDuplexPipe transport, IPEndPoint? local = null, IPEndPoint? remote = null, bool isTls = false) =>
        ProcessConnectionAsync(ServerServices, transport, local, remote, isTls);

    /// <summary>Serves one connection over any duplex pipe with the given shared state; no socket needed.</summary>
    internal static async Task ProcessConnectionAsync(ServerServices services, IDuplexPipe transport, IPEndPoint? local = null, IPEndPoint? remote = null, bool isTls = false, Action? abortTransport = null)
    {
        var info = Http1Connection.CreateConnectionInfo(services, local, remote, isTls);
        var connection = new Http1Connection(services, transport, info, abortTransport);
        services.Connections[info.NumericId] = connection;
        try
        {
            await connection.ProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            services.Connections.TryRemove(info.NumericId, out _);
        }
    }

    private static Socket Bind(ListenEndpoint endpoint)
    {
        var address = endpoint.Address;
        if (address.Equals(IPAddress.IPv6Any) && !Socket.OSSupportsIPv6)
        {
            address = IPAddress.Any;
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            // No ReuseAddress: on Linux it also sets SO_REUSEPORT, so a second server on the same port would start and
            // silently take half the connections. The runtime already sets SO_REUSEADDR for TCP, which is what lets a
            // restarted server rebind while old connections sit in TIME_WAIT.
            socket.Bind(new IPEndPoint(address, endpoint.Port));
            socket.Listen(512);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var reason = ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"address already in use: another process, or another server in this one, is listening on {address}:{endpoint.Port}; stop it or choose another port"
                : ex.Message;
            throw new IOException($"Failed to bind to {endpoint.Url}: {reason}.", ex);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, ListenEndpoint endpoint)
    {
        var services = ServerServices;
        var max = services.Options.MaxConcurrentConnections ?? long.MaxValue;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(_logger, ex.SocketErrorCode);
                if (ex.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                {
                    // Out of descriptors or buffers: accepting again at once would fail again and spin a core;
                    // pausing lets in-flight connections finish and free what the next accept needs.
                    try
                    {
                        await Task.Delay(AcceptBackoff, _timeProvider, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                continue;
            }

            if (Interlocked.Increment(ref _connectionCount) > max)
            {
                Interlocked.Decrement(ref _connectionCount);
                services.Metrics.RejectedConnections.Add(1);
                Log.ConnectionRejected(_logger, max);
                socket.Dispose();
                continue;
            }

            var id = services.NextConnectionId();
            var task = RunConnectionAsync(socket, endpoint, id);
            if (!task.IsCompleted)
            {
                _connectionTasks[id] = task;
                _ = task.ContinueWith(
                    static (_, state) =>
                    {
                        var (tasks, key) = ((ConcurrentDictionary<long, Task>, long))state!;
                        tasks.TryRemove(key, out Task? _);
                    },
                    (_connectionTasks, id),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private async Task RunConnectionAsync(Socket socket, ListenEndpoint endpoint, long id)
    {
        var services = ServerServices;
        Stream? stream = null;
        EpollSocket? epoll = null;
        Http1Connection? connection = null;
        try
        {
            await Task.Yield();
            socket.NoDelay = true;
            // TLS goes through SslStream and the stream pipes; plain TCP reads and writes the socket itself.
            IDuplexPipe transport;
            if (endpoint.IsHttps)
            {
                stream = await AuthenticateAsync(new NetworkStream(socket, ownsSocket: false), id).ConfigureAwait(false);
                if (stream is null)
                {
                    return;
                }

                transport = new StreamDuplexPipe(stream);
            }
            else if (services.Options.NativeSocketLoop && EpollLoop.Shared?.Register(socket) is { } registered)
            {
                epoll = registered;
                transport = new SocketDuplexPipe(registered);
            }
            else
            {
                transport = new SocketDuplexPipe(socket);
            }

            var info = new ServerConnectionInfo(id, socket.LocalEndPoint as IPEndPoint, socket.RemoteEndPoint as IPEndPoint, endpoint.IsHttps);
            connection = new Http1Connection(services, transport, info, () => ResetSocket(socket, epoll));
            services.Connections[id] = connection;
            await connection.ProcessAsync().ConfigureAwait(false);
            await CloseGracefullyAsync(socket, stream, epoll).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Log.ConnectionError(_logger, id, ex.Message);
        }
        finally
        {
            services.Connections.TryRemove(id, out _);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            // First: the loop holds a reference to the descriptor, and disposing waits for every reference to go.
            epoll?.Close();
            socket.Dispose();
            Interlocked.Decrement(ref _connectionCount);
        }
    }

    /// <summary>
    /// Closes with a reset (RST) rather than a FIN: an aborted response must not look complete, which a clean close
    /// would make of a truncated close-delimited body.
    /// </summary>
    private static void ResetSocket(Socket socket, EpollSocket? epoll)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // The peer is already gone; disposing is all that is left.
        }

        // Wakes a pending read or write with OperationAborted, as disposing does for the runtime's own operations, and
        // drops the loop's reference to the descriptor, which disposing would otherwise wait for.
        epoll?.Close();
        socket.Dispose();
    }

    private async Task<Stream?> AuthenticateAsync(Stream stream, long id)
    {
        var services = ServerServices;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        services.Metrics.ActiveTlsHandshakes.Add(1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abortAll.Token);
        timeout.CancelAfter(services.Options.TlsHandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                _tlsOptions!,
                timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            // "Authentication failed, see inner exception" says nothing: the inner reason (no shared protocol, bad record) does.
            Log.TlsHandshakeFailed(_logger, id, ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        finally
        {
            services.Metrics.ActiveTlsHandshakes.Add(-1);
        }
    }

    /// <summary>
    /// Half-closes, then reads and discards what the client still sends for a moment, so unread input does not turn the
    /// close into a reset that destroys the last response before the client has read it.
    /// </summary>
    private async Task CloseGracefullyAsync(Socket socket, Stream? stream, EpollSocket? epoll)
    {
        try
        {
            if (stream is SslStream ssl)
            {
                await ssl.ShutdownAsync().ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(_abortAll.Token);
            linger.CancelAfter(TimeSpan.FromSeconds(1));
            var sink = new byte[512];
            var total = 0;
            while (total < 64 * 1024)
            {
                var read = epoll is not null
                    ? await epoll.ReceiveAsync(sink, linger.Token).ConfigureAwait(false)
                    : await socket.ReceiveAsync(sink, SocketFlags.None, linger.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The peer is gone or slow to close; either way the socket is disposed next.
        }
    }
}
