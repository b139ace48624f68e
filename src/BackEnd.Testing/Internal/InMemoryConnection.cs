using System.IO.Pipelines;
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

    public InMemoryConnection(ServerServices services, ServerConnectionInfo info)
    {
        Info = info;
        Connection = new Http1Connection(services, new DuplexPipe(_toServer.Reader, _toClient.Writer), info, Reset);
        ClientStream = new InMemoryClientStream(this, _toClient.Reader, _toServer.Writer);
    }

    public ServerConnectionInfo Info { get; }

    public Http1Connection Connection { get; }

    public InMemoryClientStream ClientStream { get; }

    /// <summary>Gets a value indicating whether the server reset the connection (the in-memory RST).</summary>
    public bool IsReset => _reset;

    /// <summary>Gets a value indicating whether the client closed its end.</summary>
    public bool IsClientClosed => _clientClosed;

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
            Connection.Abort("The client closed the connection.");
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
