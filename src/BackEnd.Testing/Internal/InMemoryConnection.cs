using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using BackEnd.Server.Internal;

namespace BackEnd.Testing.Internal;

/// <summary>
/// One client connection served by the server's own <see cref="Http1Connection"/> over two in-memory pipes, so the bytes,
/// limits, framing checks and resets are those of a socket; only the socket is missing.
/// </summary>
internal sealed class InMemoryConnection
{
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toClient = new(new PipeOptions(useSynchronizationContext: false));
    private volatile bool _reset;
    private volatile bool _clientClosed;
    private int _requestsRunning;

    public InMemoryConnection(ServerConnectionInfo info)
    {
        Info = info;
        ClientStream = new InMemoryClientStream(this, _toClient.Reader, _toServer.Writer);
    }

    public ServerConnectionInfo Info { get; }

    /// <summary>Gets the server's connection, once a TLS handshake (if any) is done.</summary>
    public Http1Connection? Connection { get; private set; }

    public InMemoryClientStream ClientStream { get; }

    /// <summary>Gets a value indicating whether the server reset the connection (the in-memory RST).</summary>
    public bool IsReset => _reset;

    /// <summary>Gets a value indicating whether the client closed its end.</summary>
    public bool IsClientClosed => _clientClosed;

    /// <summary>Serves the connection until it closes: the TLS handshake first when a certificate is given, as the server does.</summary>
    public async Task ProcessAsync(ServerServices services, X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            Connection = new Http1Connection(services, new DuplexPipe(_toServer.Reader, _toClient.Writer), Info, Reset);
            services.Connections[Info.NumericId] = Connection;
            await Connection.ProcessAsync().ConfigureAwait(false);
            return;
        }

        var tls = new SslStream(new ServerStream(_toServer.Reader, _toClient.Writer), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }).ConfigureAwait(false);
            Connection = new Http1Connection(services, new StreamDuplexPipe(tls), Info, Reset);
            services.Connections[Info.NumericId] = Connection;
            await Connection.ProcessAsync().ConfigureAwait(false);
            if (!_reset && !_clientClosed)
            {
                await tls.ShutdownAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A failed handshake or a client gone during close: the connection simply ends, as over a socket.
        }
        finally
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            await _toClient.Writer.CompleteAsync().ConfigureAwait(false);
            await _toServer.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public void BeginRequest() => Interlocked.Increment(ref _requestsRunning);

    public void EndRequest() => Interlocked.Decrement(ref _requestsRunning);

    /// <summary>The server aborted: every pending and later client read or write fails, as after a TCP reset.</summary>
    private void Reset()
    {
        _reset = true;
        _toClient.Reader.CancelPendingRead();
        _toServer.Writer.CancelPendingFlush();
    }

    /// <summary>
    /// The client closed its end (a cancelled request or a disposed client). The server sees the end of its input; a request
    /// still running is aborted, so <c>RequestAborted</c> fires even when the handler neither reads nor writes.
    /// </summary>
    public void OnClientClosed()
    {
        if (_clientClosed)
        {
            return;
        }

        _clientClosed = true;

        // Cancelling first wakes a read or write still pending on another thread before the ends are completed.
        _toServer.Writer.CancelPendingFlush();
        _toClient.Reader.CancelPendingRead();
        _toServer.Writer.Complete();
        _toClient.Reader.Complete();
        if (Volatile.Read(ref _requestsRunning) > 0)
        {
            Connection?.Abort("The client closed the connection.");
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
