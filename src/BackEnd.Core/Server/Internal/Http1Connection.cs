using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using BackEnd.Http;
using Microsoft.Extensions.Logging;

namespace BackEnd.Server.Internal;

/// <summary>
/// Speaks HTTP/1.1 over one duplex pipe: parses every complete request in a read, runs the application for each
/// in order, and flushes once per batch. Runs the same over a socket, TLS or an in-memory pipe.
/// </summary>
internal sealed partial class Http1Connection
{
    private const long MaxDrainBytes = 256 * 1024;

    private readonly ServerServices _services;
    private readonly BackEndServerOptions _options;
    private readonly Action? _abortTransport;
    private readonly ServerHttpContext _context;
    private readonly ServerHttpRequest _request;
    private readonly ServerHttpResponse _response;

    private bool _needMoreData;
    private bool _partial;

    // Bytes of a further request had arrived before this response started: when the server is stopping, this response
    // keeps the connection open so they are answered too, and the last one says Connection: close.
    private bool _nextRequestBuffered;
    private long _requestStart;
    private bool _keepAlive;

    private long _deadline = long.MaxValue;
    private TimeoutKind _deadlineKind;
    private volatile TimeoutKind _timedOut;
    private volatile bool _idle;
    private volatile bool _shutdownRequested;
    private volatile bool _closeWhenIdle;
    private volatile bool _aborted;
    private volatile bool _transportFailed;

    // Whether the input may be watched for a hang-up while the application runs (see TryStartDisconnectWatch).
    private const int WatchNone = 0;
    private const int WatchIdle = 1;
    private const int WatchStarting = 2;
    private const int Watching = 3;
    private int _watchState;
    private ValueTask _watch;

    private bool _bodyWaiting;
    private long _bodyWaitStart;
    private long _bodyWaitTicks;
    private long _bodyBytes;

    private BadHttpRequestException? _bodyError;
    private RequestBodyReader? _bodyReader;
    private RequestBodyStream? _bodyStream;
    private ResponseBodyWriter? _responseWriter;
    private ResponseBodyStream? _responseStream;

    public Http1Connection(ServerServices services, IDuplexPipe transport, ServerConnectionInfo connectionInfo, Action? abortTransport = null)
    {
        _services = services;
        _options = services.Options;
        Input = transport.Input;
        Output = transport.Output;
        _abortTransport = abortTransport;
        IsTls = connectionInfo.IsTls;
        _context = new ServerHttpContext(this, connectionInfo, services.Services);
        connectionInfo.Connection = this;
        _request = _context.ServerRequest;
        _response = _context.ServerResponse;
        ResetParser();
    }

    private enum TimeoutKind
    {
        None,
        KeepAlive,
        Headers,
        BodyRate,
        Write,
        WriteRate,
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public bool IsTls { get; }

    public long Id => _context.ConnectionInfo.NumericId;

    public bool IsShutdownRequested => _shutdownRequested;

    public BadHttpRequestException? BodyError => _bodyError;

    /// <summary>Gets a value indicating whether the connection waits for its next request (read by the heartbeat).</summary>
    public bool IsIdle => _idle;

    /// <summary>Gets the coarse timestamp at which the last request started to arrive; 0 before the first.</summary>
    public long RequestStart => Volatile.Read(ref _requestStart);

    public RequestBodyReader RequestBodyReader => _bodyReader ??= CreateBodyReader();

    public Stream RequestBodyStream => _bodyStream ??= new RequestBodyStream(RequestBodyReader, _options);

    public ResponseBodyWriter ResponseBodyWriter => _responseWriter ??= new ResponseBodyWriter(this);

    public Stream ResponseBodyStream => _responseStream ??= new ResponseBodyStream(this);

    /// <summary>Serves requests until the client leaves, a request asks to close, an error closes the connection, or the server stops.</summary>
    public async Task ProcessAsync()
    {
        var started = Stopwatch.GetTimestamp();
        _services.Metrics.ActiveConnections.Add(1);
        try
        {
            while (true)
            {
                ReadResult result;
                if (_needMoreData || !Input.TryRead(out result))
                {
                    if (_closeWhenIdle && !_partial)
                    {
                        break;
                    }

                    await FlushOutputAsync().ConfigureAwait(false);
                    if (!_partial)
                    {
                        ReleaseIdleBuffers();
                        _deadlineKind = TimeoutKind.KeepAlive;
                        _deadline = _services.Now + _services.KeepAliveTicks;
                        _idle = true;
                    }
                    else
                    {
                        _deadlineKind = TimeoutKind.Headers;
                        _deadline = _requestStart + _services.HeadersTicks;
                    }

                    if (_closeWhenIdle && !_partial)
                    {
                        break;
                    }

                    result = await Input.ReadAsync().ConfigureAwait(false);
                    _idle = false;
                    _deadline = long.MaxValue;
                }

                _needMoreData = false;
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    Input.AdvanceTo(buffer.Start);
                    if (_timedOut == TimeoutKind.Headers)
                    {
                        Log.RequestHeadersTimeout(_services.Logger, _context.ConnectionInfo.Id);
                        await RejectAsync(new BadHttpRequestException(408, "The request headers were not received in time.")).ConfigureAwait(false);
                        break;
                    }

                    if (_timedOut != TimeoutKind.None || _aborted || (_closeWhenIdle && buffer.IsEmpty))
                    {
                        break;
                    }

                    continue;
                }

                if (buffer.IsEmpty)
                {
                    Input.AdvanceTo(buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }

                    continue;
                }

                if (!_partial)
                {
                    _partial = true;
                    _requestStart = _services.Now;
                }

                bool complete;
                SequencePosition consumed;
                try
                {
                    complete = TryParseRequest(buffer, out consumed);
                }
                catch (BadHttpRequestException ex)
                {
                    Input.AdvanceTo(buffer.End);
                    await RejectAsync(ex).ConfigureAwait(false);
                    break;
                }

                if (!complete)
                {
                    Input.AdvanceTo(consumed, buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }

                    _needMoreData = true;
                    continue;
                }

                _nextRequestBuffered = _bodyKind == BodyKind.None && !buffer.Slice(consumed).IsEmpty;
                Input.AdvanceTo(consumed);
                _partial = false;
                if (!await ProcessRequestAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            Log.ConnectionFailed(_services.Logger, _context.ConnectionInfo.Id, ex.Message);
        }
        finally
        {
            if (!_aborted)
            {
                try
                {
                    await FlushOutputAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsConnectionFailure(ex))
                {
                    Log.ConnectionFailed(_services.Logger, _context.ConnectionInfo.Id, ex.Message);
                }
            }

            _context.CancelRequestAborted();
            try
            {
                // Completing writes out whatever is still buffered. A dead connection would only fail again, one more
                // exception with its stack per connection: completing with an error skips the write. The error is not
                // thrown over a socket; an in-memory pipe's reader throws it, so each connection gets its own.
                await Output.CompleteAsync(_aborted || _transportFailed ? new IOException("The connection was aborted or failed.") : null).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                Log.ConnectionFailed(_services.Logger, _context.ConnectionInfo.Id, ex.Message);
            }


            await Input.CompleteAsync().ConfigureAwait(false);
            _request.RequestHeaders.Reset();
            ReleaseIdleBuffers();
            _services.Metrics.ActiveConnections.Add(-1);
            if (_services.Metrics.ConnectionDuration.Enabled)
            {
                _services.Metrics.ConnectionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    /// <summary>
    /// Asks the connection to finish: the next response says Connection: close (unless more requests had already
    /// arrived, which are answered first). An idle connection stays open until <see cref="CloseIfIdle"/>, so a request
    /// its client sent at this moment is answered rather than lost with the connection.
    /// </summary>
    public void RequestShutdown()
    {
        _shutdownRequested = true;
        OnShutdownRequested();
    }

    /// <summary>Closes the connection now if it waits between requests, and as soon as it does from now on.</summary>
    public void CloseIfIdle()
    {
        _closeWhenIdle = true;
        if (_idle)
        {
            Input.CancelPendingRead();
        }
    }

    public void Abort(string reason)
    {
        if (_aborted)
        {
            return;
        }

        _aborted = true;
        Log.ConnectionAborted(_services.Logger, _context.ConnectionInfo.Id, reason);
        _context.CancelRequestAborted();
        Input.CancelPendingRead();
        Output.CancelPendingFlush();
        try
        {
            _abortTransport?.Invoke();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by the other side.
        }
    }

    /// <summary>Called by the heartbeat once a second: cuts off idle, slow-header, slow-body and slow-reading clients.</summary>
    public void OnHeartbeat(long now)
    {
        if (Volatile.Read(ref _watchState) == WatchIdle && _bodyKind == BodyKind.None && _context.HasAbortSource)
        {
            // A handler still running synchronously that took RequestAborted: watch for a hang-up meanwhile. Only for a
            // request without a body: the application's thread may be reading one from the same input, and whether it
            // has let go of the input cannot be read safely from this thread.
            TryStartDisconnectWatch();
        }

        if (now > Volatile.Read(ref _deadline) && _deadlineKind != TimeoutKind.None)
        {
            TimeOut(_deadlineKind);
            return;
        }

        if (_bodyWaiting && _options.MinRequestBodyDataRate > 0)
        {
            var waited = _bodyWaitTicks + (now - _bodyWaitStart);
            if (waited > _services.BodyGraceTicks && _bodyBytes < _options.MinRequestBodyDataRate * _services.TicksToSeconds(waited))
            {
                TimeOut(TimeoutKind.BodyRate);
            }
        }
    }

    public void BeginBodyWait()
    {
        _bodyWaitStart = _services.Now;
        _bodyWaiting = true;
    }

    public void EndBodyWait()
    {
        _bodyWaiting = false;
        _bodyWaitTicks += _services.Now - _bodyWaitStart;
    }

    public void OnBodyBytesConsumed(long bytes)
    {
        _bodyBytes += bytes;
        if (_services.Metrics.BytesReceived.Enabled)
        {
            _services.Metrics.BytesReceived.Add(bytes);
        }
    }

    /// <summary>
    /// Called by the body reader on a framing failure: the connection can no longer find the next request, so it closes
    /// after at most one refusal, whether or not the application lets the exception reach the server.
    /// </summary>
    public void OnBodyFailed(BadHttpRequestException exception)
    {
        _bodyError ??= exception;
        _keepAlive = false;
    }

    /// <summary>Refuses synchronous body I/O unless the application opted in, naming the option that allows it.</summary>
    public static void ThrowIfSynchronousIODisallowed(BackEndServerOptions options)
    {
        if (!options.AllowSynchronousIO)
        {
            throw new InvalidOperationException(
                "Synchronous operations are disallowed: use ReadAsync/WriteAsync/CopyToAsync, or set BackEndServerOptions.AllowSynchronousIO to true.");
        }
    }

    /// <summary>Turns a cancelled body read into the reason: a too-slow client (408) or a dead connection.</summary>
    public void ThrowIfBodyReadFailed()
    {
        if (_timedOut == TimeoutKind.BodyRate)
        {
            Log.MinDataRate(_services.Logger, _context.ConnectionInfo.Id);
            throw new BadHttpRequestException(408, "The request body was received too slowly.");
        }

        if (_aborted)
        {
            throw new IOException("The connection was aborted.");
        }
    }

    private void TimeOut(TimeoutKind kind)
    {
        _deadline = long.MaxValue;
        _timedOut = kind;
        if (kind == TimeoutKind.Write)
        {
            Abort("The client stopped reading the response.");
            return;
        }

        if (kind == TimeoutKind.WriteRate)
        {
            Log.MinResponseDataRate(_services.Logger, _context.ConnectionInfo.Id);
            Abort("The client read the response below the minimum data rate.");
            return;
        }

        if (kind == TimeoutKind.KeepAlive)
        {
            Log.KeepAliveTimeout(_services.Logger, _context.ConnectionInfo.Id);
        }

        Input.CancelPendingRead();
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestAsync()
    {
        var metrics = _services.Metrics;
        var started = metrics.RequestDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var countActive = metrics.ActiveRequests.Enabled;
        if (countActive)
        {
            metrics.AddActiveRequest(_request, 1);
        }

        if (AllocationStats.Enabled)
        {
            AllocationStats.CountRequest();
        }

        _context.RequestNumber++;
        var activity = RequestTracing.Start(_context);

        // As ASP.NET Core's hosting does: whenever the category logs at all, log lines written during the request carry its ids.
        var requestLogger = _services.RequestLogger;
        var logScope = requestLogger.IsEnabled(LogLevel.Critical) ? requestLogger.BeginScope(new RequestLogScope(_context, activity)) : null;
        Exception? failure = null;
        try
        {
            try
            {
                Volatile.Write(ref _watchState, WatchIdle);
                ValueTask pending;
                try
                {
                    pending = _services.Application(_context);
                }
                catch
                {
                    await EndApplicationAsync().ConfigureAwait(false);
                    throw;
                }

                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                    await EndApplicationAsync().ConfigureAwait(false);
                }
                else
                {
                    await AwaitApplicationAsync(pending).ConfigureAwait(false);
                }

                if (_bodyError is not null && !ResponseStarted)
                {
                    // The application caught the body's failure and answered anyway: its answer is replaced by the refusal.
                    await RejectAsync(_bodyError).ConfigureAwait(false);
                }
                else if (!_aborted)
                {
                    await FinishResponseAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when ((ex is BadHttpRequestException || _bodyError is not null) && !_aborted)
            {
                // Whatever the application turned the body's failure into (a rethrow, a wrapper), the answer is the refusal.
                _keepAlive = false;
                if (ResponseStarted)
                {
                    Abort("The request body was malformed after the response had started.");
                }
                else
                {
                    await RejectAsync(_bodyError ?? (BadHttpRequestException)ex).ConfigureAwait(false);
                }
            }
            catch (Exception) when (_aborted || IsClientGone())
            {
                // Nobody is left to answer; whatever part of a response was written must not be completed.
                Abort("The connection failed while the application was running.");
            }
            catch (Exception ex)
            {
                failure = ex;
                Log.ApplicationError(_services.Logger, _context.ConnectionInfo.Id, _context.TraceIdentifier, ex);
                if (ResponseStarted)
                {
                    Abort("The application failed after the response had started.");
                }
                else
                {
                    _keepAlive = false;
                    await WriteProblemAsync(500, "An unexpected error occurred.").ConfigureAwait(false);
                }
            }

            if (_aborted)
            {
                return false;
            }

            if (_response.HasOnCompleted)
            {
                try
                {
                    // OnCompleted means the response was sent: flush first, so a slow callback cannot hold it back.
                    await FlushOutputAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsConnectionFailure(ex))
                {
                    Log.ConnectionFailed(_services.Logger, _context.ConnectionInfo.Id, ex.Message);
                    _keepAlive = false;
                }

                try
                {
                    await _response.RunOnCompletedAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (!IsConnectionFailure(ex))
                {
                    Log.ApplicationError(_services.Logger, _context.ConnectionInfo.Id, _context.TraceIdentifier, ex);
                }
            }

            if (_bodyReader is { IsFinished: false } && _keepAlive)
            {
                if (_expectContinue && !_continueSent)
                {
                    // The client is waiting for our go-ahead: it will not send the body, so framing is unknown.
                    _keepAlive = false;
                }
                else
                {
                    try
                    {
                        // The response goes out first: a client still sending must not wait for the drain to see it.
                        await FlushOutputAsync().ConfigureAwait(false);
                        _keepAlive = await _bodyReader.DrainAsync(MaxDrainBytes).ConfigureAwait(false);
                    }
                    catch (BadHttpRequestException ex)
                    {
                        Log.BadRequest(_services.Logger, _context.ConnectionInfo.Id, ex.StatusCode, ex.Message);
                        _keepAlive = false;
                    }
                }
            }

            // A stopping server said Connection: close on this response unless more requests had already arrived; those
            // are served next, and an idle connection closes at the top of the loop.
            return _keepAlive && !_aborted;
        }
        finally
        {
            if (activity is not null)
            {
                RequestTracing.Stop(activity, _context, failure is not null);
            }

            if (countActive)
            {
                metrics.AddActiveRequest(_request, -1);
            }

            if (started != 0)
            {
                metrics.RecordRequestDuration(_context, started, failure);
            }

            if (metrics.Requests.Enabled)
            {
                metrics.Requests.Add(1);
            }

            ResetRequest();
            logScope?.Dispose();
        }
    }

    /// <summary>
    /// Awaits a handler that went asynchronous. When the request has no unread body the input is idle meanwhile, so it
    /// is watched: a reset or failed connection fires <see cref="ServerHttpContext.RequestAborted"/>. End of stream is
    /// a half-close (the client has finished sending), so the response is still sent, then the connection closes.
    /// </summary>
    private async ValueTask AwaitApplicationAsync(ValueTask pending)
    {
        TryStartDisconnectWatch();
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            await EndApplicationAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts watching the idle input of a running application, from the connection's thread when the handler went
    /// asynchronous or from the heartbeat while it runs synchronously (SQLite's driver holds the thread for a whole
    /// statement), so a hang-up fires RequestAborted either way. The state allows one watch per request, none after
    /// the application ended or the connection was upgraded: two readers must never share the pipe.
    /// </summary>
    private void TryStartDisconnectWatch()
    {
        if (_bodyReader is { IsInputReleased: false } || _aborted || _upgraded
            || Interlocked.CompareExchange(ref _watchState, WatchStarting, WatchIdle) != WatchIdle)
        {
            return;
        }

#pragma warning disable CA2012 // Awaited exactly once, by StopApplicationWatchAsync.
        _watch = WatchForDisconnectAsync();
#pragma warning restore CA2012
        Volatile.Write(ref _watchState, Watching);
    }

    /// <summary>Ends the application's turn: no watch starts from now on, and a running one is stopped and awaited.</summary>
    private ValueTask EndApplicationAsync()
    {
        if (Interlocked.CompareExchange(ref _watchState, WatchNone, WatchIdle) == WatchIdle)
        {
            return default;
        }

        return StopApplicationWatchAsync();
    }

    /// <summary>Keeps the heartbeat from starting a watch (the upgraded protocol reads the input now) and waits for one being published.</summary>
    private void CloseApplicationWatch()
    {
        if (Interlocked.CompareExchange(ref _watchState, WatchNone, WatchIdle) != WatchIdle)
        {
            WaitForWatchPublished();
        }
    }

    private void WaitForWatchPublished()
    {
        // A heartbeat may be between claiming the watch and publishing it.
        var spin = default(SpinWait);
        while (Volatile.Read(ref _watchState) == WatchStarting)
        {
            spin.SpinOnce();
        }
    }

    private async ValueTask StopApplicationWatchAsync()
    {
        WaitForWatchPublished();
        var watch = _watch;
        _watch = default;
        Volatile.Write(ref _watchState, WatchNone);
        if (!watch.IsCompleted && !_upgraded)
        {
            Input.CancelPendingRead();
        }

        await watch.ConfigureAwait(false);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WatchForDisconnectAsync()
    {
        BeginDisconnectWatch();
        try
        {
            var result = await Input.ReadAsync().ConfigureAwait(false);

            // Nothing is consumed or examined: a pipelined request stays for the main loop.
            Input.AdvanceTo(result.Buffer.Start);
            if (!result.IsCanceled && !result.Buffer.IsEmpty)
            {
                _nextRequestBuffered = true;
            }

            if (result.IsCompleted && !result.IsCanceled && result.Buffer.IsEmpty)
            {
                // The client closed its side with nothing more to ask: as Kestrel does, the request is cancelled so a
                // handler that honours RequestAborted stops working for nobody. One that ignores it still gets its
                // response out to a client that only half-closed.
                Log.ClientDisconnected(_services.Logger, _context.ConnectionInfo.Id);
                _keepAlive = false;
                _context.CancelRequestAborted();
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            Log.ClientDisconnected(_services.Logger, _context.ConnectionInfo.Id);
            _transportFailed = true;
            _keepAlive = false;
            _context.CancelRequestAborted();
        }
        finally
        {
            EndDisconnectWatch();
        }
    }

    private async ValueTask RejectAsync(BadHttpRequestException ex)
    {
        _services.Metrics.BadRequests.Add(1);
        Log.BadRequest(_services.Logger, _context.ConnectionInfo.Id, ex.StatusCode, ex.Message);
        _keepAlive = false;
        if (!ResponseStarted && !_aborted)
        {
            await WriteProblemAsync(ex.StatusCode, ex.Message).ConfigureAwait(false);
        }
    }

    private RequestBodyReader CreateBodyReader()
    {
        var reader = new RequestBodyReader(this);
        reader.Start(BodyKind.None, 0, 0, 0);
        return reader;
    }

    /// <summary>Records that reading or writing the transport failed, so what the application throws next is not blamed on it.</summary>
    public void OnTransportFailed() => _transportFailed = true;

    /// <summary>
    /// True when the client is known to be gone: the transport failed or RequestAborted fired. The exception's type alone
    /// proves nothing, since an application's own I/O (a missing file) throws IOException too and deserves a 500.
    /// </summary>
    private bool IsClientGone() => _transportFailed || _context.IsAbortSignaled;

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException
            or System.Security.Authentication.AuthenticationException;

    internal static ServerConnectionInfo CreateConnectionInfo(ServerServices services, IPEndPoint? local, IPEndPoint? remote, bool isTls) =>
        new(services.NextConnectionId(), local, remote, isTls);
}
