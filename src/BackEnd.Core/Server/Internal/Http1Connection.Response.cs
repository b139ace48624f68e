using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace BackEnd.Server.Internal;

/// <summary>The response writer: status line, headers and body framing straight into the output pipe.</summary>
internal sealed partial class Http1Connection
{
    /// <summary>Bodies up to this size without a Content-Length are buffered and sent with one; larger ones go chunked.</summary>
    private const int BufferingThreshold = 16 * 1024;

    /// <summary>Unflushed output above this is flushed by the next asynchronous write, bounding memory per connection.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly byte[] s_continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private ResponseBodyMode _bodyMode;
    private bool _responseStarted;
    private bool _responseCompleted;
    private bool _suppressBody;
    private long _bodyWritten;
    private long _responseLength;
    private byte[]? _bodyBuffer;
    private int _bodyBuffered;
    private long _unflushed;

    // For the minimum response data rate: bytes handed to the transport, those already counted into the deadline, and it.
    private long _bytesFlushed;
    private long _bytesRated;
    private long _responseRateDeadline;

    public bool ResponseStarted => _responseStarted;

    public async ValueTask SendContinueAsync()
    {
        _continueSent = true;
        Output.Write(s_continue);
        _unflushed += s_continue.Length;
        await FlushOutputAsync().ConfigureAwait(false);
    }

    public Memory<byte> GetResponseBodyMemory(int sizeHint)
    {
        ThrowIfCompleted();
        sizeHint = Math.Max(sizeHint, 1);
        if (_bodyMode == ResponseBodyMode.Buffering)
        {
            if (_response.ContentLength.HasValue)
            {
                Commit(ResponseBodyMode.ContentLength);
            }
            else if (_bodyBuffered + sizeHint > BufferingThreshold)
            {
                CommitStreaming();
            }
            else
            {
                return EnsureBodyBuffer(_bodyBuffered + Math.Max(sizeHint, 256)).AsMemory(_bodyBuffered);
            }
        }

        if (_suppressBody)
        {
            return EnsureBodyBuffer(Math.Max(sizeHint, 4096)).AsMemory();
        }

        if (_bodyMode == ResponseBodyMode.Chunked)
        {
            // Writes between flushes gather into one chunk (_bodyBuffered holds it), up to the buffering threshold.
            if (_bodyBuffered > 0 && _bodyBuffered + sizeHint > BufferingThreshold)
            {
                WritePendingChunk();
            }

            return EnsureBodyBuffer(_bodyBuffered + Math.Max(sizeHint, 4096)).AsMemory(_bodyBuffered);
        }

        return Output.GetMemory(sizeHint);
    }

    public void AdvanceResponseBody(int count)
    {
        ThrowIfCompleted();
        switch (_bodyMode)
        {
            case ResponseBodyMode.Buffering:
                _bodyBuffered += count;
                break;
            case ResponseBodyMode.ContentLength:
                _bodyWritten += count;
                if (_bodyWritten > _responseLength && !_suppressBody)
                {
                    _keepAlive = false;
                    throw new InvalidOperationException($"Response body exceeds the Content-Length of {_responseLength} bytes.");
                }

                if (!_suppressBody)
                {
                    Output.Advance(count);
                    _unflushed += count;
                }

                break;
            case ResponseBodyMode.CloseDelimited:
                _bodyWritten += count;
                if (!_suppressBody)
                {
                    Output.Advance(count);
                    _unflushed += count;
                }

                break;
            default:
                _bodyWritten += count;
                if (!_suppressBody)
                {
                    _bodyBuffered += count;
                }

                break;
        }
    }

    public void WriteResponseBody(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var memory = GetResponseBodyMemory(data.Length).Span;
            var length = Math.Min(memory.Length, data.Length);
            data[..length].CopyTo(memory);
            AdvanceResponseBody(length);
            data = data[length..];
        }
    }

    /// <summary>A blocking write: like an asynchronous one it flushes past the threshold, and waits while the client is not reading.</summary>
    public void WriteResponseBodySynchronously(ReadOnlySpan<byte> data)
    {
        ThrowIfSynchronousIODisallowed(_options);
        while (!data.IsEmpty)
        {
            var slice = data[..Math.Min(data.Length, FlushThreshold)];
            WriteResponseBody(slice);
            data = data[slice.Length..];
            if (_unflushed >= FlushThreshold)
            {
                var flush = FlushOutputAsync();
                if (flush.IsCompletedSuccessfully)
                {
                    _ = flush.Result;
                }
                else
                {
                    flush.AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    public ValueTask WriteResponseBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!_responseStarted && _response.HasOnStarting)
        {
            return WriteWithCallbacksAsync(data, cancellationToken);
        }

        WriteResponseBody(data.Span);
        return _unflushed >= FlushThreshold ? FlushAndDiscardAsync(cancellationToken) : default;
    }

    public ValueTask<FlushResult> FlushResponseBodyAsync(CancellationToken cancellationToken)
    {
        if (!_responseStarted || _response.HasOnStarting)
        {
            return StartAndFlushAsync(cancellationToken);
        }

        return FlushOutputAsync(cancellationToken);
    }

    public async Task StartResponseAsync(CancellationToken cancellationToken)
    {
        if (_responseStarted)
        {
            return;
        }

        await _response.RunOnStartingAsync().ConfigureAwait(false);
        if (_response.ContentLength.HasValue)
        {
            Commit(ResponseBodyMode.ContentLength);
        }
        else
        {
            CommitStreaming();
        }

        await FlushOutputAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task CompleteResponseBodyAsync() => FinishResponseAsync().AsTask();

    /// <summary>Ends the response after the handler: sends a buffered body with its length, or the last chunk.</summary>
    private async ValueTask FinishResponseAsync()
    {
        if (_responseCompleted)
        {
            return;
        }

        if (!_responseStarted)
        {
            await _response.RunOnStartingAsync().ConfigureAwait(false);
            var declared = _response.ContentLength;
            if (declared.HasValue && declared.Value != _bodyBuffered && !_request.IsHead && !IsBodylessStatus(_response.StatusCode))
            {
                Log.ContentLengthMismatch(_services.Logger, _context.ConnectionInfo.Id, declared.Value, _bodyBuffered);
                _keepAlive = false;
                _bodyBuffered = 0;
                await WriteProblemAsync(500, "An unexpected error occurred.").ConfigureAwait(false);
                return;
            }

            var length = declared ?? _bodyBuffered;
            var buffered = _bodyBuffered;
            _bodyBuffered = 0;
            WriteHead(ResponseBodyMode.ContentLength, length);
            if (!_suppressBody && buffered > 0)
            {
                Output.Write(_bodyBuffer.AsSpan(0, buffered));
                _unflushed += buffered;
            }

            _bodyWritten = buffered;
        }
        else if (_bodyMode == ResponseBodyMode.Chunked && !_suppressBody)
        {
            WritePendingChunk();
            Output.Write("0\r\n\r\n"u8);
            _unflushed += 5;
        }
        else if (_bodyMode == ResponseBodyMode.ContentLength && _bodyWritten < _responseLength && !_suppressBody)
        {
            Log.ContentLengthMismatch(_services.Logger, _context.ConnectionInfo.Id, _responseLength, _bodyWritten);
            Abort("The response body was shorter than its Content-Length.");
        }
        else if (_bodyMode == ResponseBodyMode.CloseDelimited)
        {
            _keepAlive = false;
        }

        _responseCompleted = true;
    }

    /// <summary>Writes a small RFC 9457 problem body for a status the server produces itself.</summary>
    private async ValueTask WriteProblemAsync(int statusCode, string detail)
    {
        _response.Clear();
        _response.StatusCode = statusCode;
        _response.ContentType = "application/problem+json";
        _bodyMode = ResponseBodyMode.Buffering;
        _bodyBuffered = 0;
        _responseCompleted = false;
        _keepAlive = _keepAlive && statusCode < 400;
        WriteResponseBody(ProblemJson(statusCode, detail));
        await FinishResponseAsync().ConfigureAwait(false);
        await FlushOutputAsync().ConfigureAwait(false);
    }

    internal static byte[] ProblemJson(int statusCode, string detail)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, HttpStatus.ProblemType(statusCode));
            writer.WriteString("title"u8, HttpStatus.ReasonPhrase(statusCode));
            writer.WriteNumber("status"u8, statusCode);
            writer.WriteString("detail"u8, detail);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async ValueTask WriteWithCallbacksAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _response.RunOnStartingAsync().ConfigureAwait(false);
        WriteResponseBody(data.Span);
        if (_unflushed >= FlushThreshold)
        {
            await FlushOutputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FlushAndDiscardAsync(CancellationToken cancellationToken) =>
        await FlushOutputAsync(cancellationToken).ConfigureAwait(false);

    private async ValueTask<FlushResult> StartAndFlushAsync(CancellationToken cancellationToken)
    {
        await StartResponseAsync(cancellationToken).ConfigureAwait(false);
        return await FlushOutputAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<FlushResult> FlushOutputAsync(CancellationToken cancellationToken = default)
    {
        if (_bodyMode == ResponseBodyMode.Chunked && _bodyBuffered > 0 && !_responseCompleted)
        {
            WritePendingChunk();
        }

        if (_unflushed == 0)
        {
            return new ValueTask<FlushResult>(new FlushResult(false, false));
        }

        if (_services.Metrics.BytesSent.Enabled)
        {
            _services.Metrics.BytesSent.Add(_unflushed);
        }

        _bytesFlushed += _unflushed;
        _unflushed = 0;
        var flush = Output.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? flush : AwaitFlushAsync(flush);
    }

    /// <summary>
    /// A flush that does not complete means the client is reading slower than the response is written: it gets the
    /// keep-alive timeout to resume, and must have taken the bytes written so far at the minimum response data rate.
    /// </summary>
    private async ValueTask<FlushResult> AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        var previousKind = _deadlineKind;
        var previousDeadline = Volatile.Read(ref _deadline);
        var now = _services.Now;
        var stall = now + _services.KeepAliveTicks;
        var rate = ResponseRateDeadline(now);
        _deadlineKind = rate < stall ? TimeoutKind.WriteRate : TimeoutKind.Write;
        Volatile.Write(ref _deadline, Math.Min(stall, rate));
        try
        {
            return await flush.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _transportFailed = true;
            throw;
        }
        finally
        {
            _deadlineKind = previousKind;
            Volatile.Write(ref _deadline, previousDeadline);
        }
    }

    /// <summary>
    /// Kestrel's rule, computed only when a flush has to wait: every byte written since the last wait buys 1/rate seconds
    /// after the previous deadline, and a wait may always last the grace period; bytes the client took quickly earn no
    /// credit beyond that. Upgraded connections are not measured: their traffic is the application's business.
    /// </summary>
    private long ResponseRateDeadline(long now)
    {
        var ticksPerByte = _services.ResponseTicksPerByte;
        if (ticksPerByte == 0 || _upgraded)
        {
            return long.MaxValue;
        }

        var ticks = (long)Math.Min((_bytesFlushed - _bytesRated) * ticksPerByte, long.MaxValue / 4);
        _bytesRated = _bytesFlushed;
        _responseRateDeadline = Math.Max(now + Math.Max(_services.ResponseGraceTicks, ticks), Math.Min(_responseRateDeadline, long.MaxValue / 4) + ticks);
        return _responseRateDeadline;
    }

    /// <summary>Starts a response whose length is unknown: chunked, or close-delimited for HTTP/1.0 clients.</summary>
    private void CommitStreaming()
    {
        var buffered = _bodyBuffered;
        _bodyBuffered = 0;
        Commit(_request.Version == 11 ? ResponseBodyMode.Chunked : ResponseBodyMode.CloseDelimited);
        if (buffered > 0 && !_suppressBody)
        {
            if (_bodyMode == ResponseBodyMode.Chunked)
            {
                WriteChunk(_bodyBuffer.AsSpan(0, buffered));
            }
            else
            {
                Output.Write(_bodyBuffer.AsSpan(0, buffered));
                _unflushed += buffered;
            }
        }

        _bodyWritten = buffered;
    }

    private void Commit(ResponseBodyMode mode)
    {
        if (_response.HasOnStarting)
        {
            // Only reached from synchronous writes; asynchronous paths run the callbacks before committing.
            _response.RunOnStartingAsync().GetAwaiter().GetResult();
        }

        WriteHead(mode, _response.ContentLength ?? 0);
        if (mode == ResponseBodyMode.ContentLength && _bodyBuffered > 0)
        {
            // Bytes written before Content-Length was set are the start of the body, not to be dropped.
            var buffered = _bodyBuffered;
            _bodyBuffered = 0;
            _bodyWritten = buffered;
            if (_suppressBody)
            {
                return;
            }

            if (buffered > _responseLength)
            {
                _keepAlive = false;
                throw new InvalidOperationException($"Response body exceeds the Content-Length of {_responseLength} bytes.");
            }

            Output.Write(_bodyBuffer.AsSpan(0, buffered));
            _unflushed += buffered;
        }
    }

    private void WriteHead(ResponseBodyMode mode, long contentLength)
    {
        var status = _response.StatusCode;
        var headers = _response.ResponseHeaders;
        var bodyless = IsBodylessStatus(status);
        _suppressBody = _request.IsHead || bodyless;
        if (_shutdownRequested && !_nextRequestBuffered)
        {
            // The server is stopping and nothing more was asked on this connection: saying this is the last response
            // keeps the client from sending a request that nobody would read.
            _keepAlive = false;
        }

        if (mode == ResponseBodyMode.CloseDelimited || (_expectContinue && !_continueSent && _bodyKind != BodyKind.None))
        {
            // Close-delimited bodies end the connection; an unanswered 100-continue leaves the body's framing unknown.
            _keepAlive = false;
        }

        if (headers.Fields.TryGetValue("Connection", out var connection))
        {
            foreach (var value in connection)
            {
                if (value is not null && value.Contains("close", StringComparison.OrdinalIgnoreCase))
                {
                    _keepAlive = false;
                }
            }
        }

        // Validate everything first: nothing may reach the pipe if the head turns out to be unwritable.
        if (_bodyError is not null && status < 400)
        {
            // The application caught the body's failure and answers as if the request were fine: no success may be
            // sent for a request whose body could not be read, so the refusal surfaces here again.
            throw _bodyError;
        }

        if (status < 200)
        {
            // Clients read a 1xx as interim and take the next response as this request's, desynchronising the connection.
            throw new InvalidOperationException($"The status code {status} is informational and cannot be the final response.");
        }

        // Names and values were checked when set (ResponseHeaders.OnSetting); the stored values cannot change since.
        var writer = new OutputWriter(Output);
        writer.Write(HttpStatus.StatusLine(status));
        writer.Write(_services.Date.Line);
        foreach (var pair in headers.Fields)
        {
            var name = pair.Key;
            if (string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in pair.Value)
            {
                if (value is null)
                {
                    continue;
                }

                writer.WriteAscii(name);
                writer.Write(": "u8);
                writer.WriteAscii(value);
                writer.Write("\r\n"u8);
            }
        }

        // RFC 9110 8.6 and 15: 1xx and 204 never carry Content-Length; a 304 may, but no client needs it and a wrong one
        // misleads caches, so none is sent there either.
        if (!bodyless)
        {
            if (mode == ResponseBodyMode.ContentLength)
            {
                writer.Write("Content-Length: "u8);
                writer.WriteNumber(contentLength);
                writer.Write("\r\n"u8);
            }
            else if (mode == ResponseBodyMode.Chunked && !bodyless)
            {
                writer.Write("Transfer-Encoding: chunked\r\n"u8);
            }
        }

        if (!_keepAlive)
        {
            writer.Write("Connection: close\r\n\r\n"u8);
        }
        else if (_request.Version == 10)
        {
            writer.Write("Connection: keep-alive\r\n\r\n"u8);
        }
        else
        {
            writer.Write("\r\n"u8);
        }

        writer.Commit();
        _unflushed += writer.Written;
        _responseStarted = true;
        _bodyMode = mode;
        _responseLength = contentLength;
        _bodyWritten = 0;
        headers.MakeReadOnly();
    }

    /// <summary>Frames the body written since the last flush as one chunk.</summary>
    private void WritePendingChunk()
    {
        if (_bodyBuffered > 0)
        {
            WriteChunk(_bodyBuffer.AsSpan(0, _bodyBuffered));
            _bodyBuffered = 0;
        }
    }

    private void WriteChunk(ReadOnlySpan<byte> data)
    {
        var writer = new OutputWriter(Output);
        writer.WriteHex(data.Length);
        writer.Write("\r\n"u8);
        writer.Write(data);
        writer.Write("\r\n"u8);
        writer.Commit();
        _unflushed += writer.Written;
    }

    private byte[] EnsureBodyBuffer(int size)
    {
        if (_bodyBuffer is null || _bodyBuffer.Length < size)
        {
            var next = ArrayPool<byte>.Shared.Rent(size);
            if (_bodyBuffer is not null)
            {
                _bodyBuffer.AsSpan(0, _bodyBuffered).CopyTo(next);
                ArrayPool<byte>.Shared.Return(_bodyBuffer);
            }

            _bodyBuffer = next;
        }

        return _bodyBuffer;
    }

    private void ThrowIfCompleted()
    {
        if (_responseCompleted)
        {
            throw new InvalidOperationException("The response has already completed.");
        }
    }

    private static bool IsBodylessStatus(int status) => status < 200 || status == 204 || status == 304;

    private void ResetRequest()
    {
        _context.Reset();
        _bodyError = null;
        ResetParser();
        _bodyMode = ResponseBodyMode.Buffering;
        _responseStarted = false;
        _responseCompleted = false;
        _suppressBody = false;
        _bodyWritten = 0;
        _responseLength = 0;
        _bodyBuffered = 0;
        _nextRequestBuffered = false;
    }

    private void ReleaseIdleBuffers()
    {
        _request.RequestHeaders.ReleaseBuffer();
        if (_bodyBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_bodyBuffer);
            _bodyBuffer = null;
        }

        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    /// <summary>Copies into the pipe's current span, asking for more only when it is full.</summary>
    private ref struct OutputWriter
    {
        private readonly PipeWriter _output;
        private Span<byte> _span;
        private int _buffered;

        public OutputWriter(PipeWriter output)
        {
            _output = output;
            _span = output.GetSpan(512);
            _buffered = 0;
            Written = 0;
        }

        public long Written { get; private set; }

        public void Write(scoped ReadOnlySpan<byte> source)
        {
            while (source.Length > _span.Length)
            {
                source[.._span.Length].CopyTo(_span);
                _buffered += _span.Length;
                source = source[_span.Length..];
                Next(Math.Min(source.Length, 4096));
            }

            source.CopyTo(_span);
            _span = _span[source.Length..];
            _buffered += source.Length;
        }

        public void WriteAscii(string text)
        {
            if (text.Length > _span.Length)
            {
                Next(text.Length);
            }

            // Header text was checked to be ASCII when set; the vectorized narrowing beats a loop per char.
            if (Ascii.FromUtf16(text, _span, out _) != OperationStatus.Done)
            {
                for (var i = 0; i < text.Length; i++)
                {
                    _span[i] = (byte)text[i];
                }
            }

            _span = _span[text.Length..];
            _buffered += text.Length;
        }

        public void WriteNumber(long value)
        {
            if (_span.Length < 20)
            {
                Next(20);
            }

            Utf8Formatter.TryFormat(value, _span, out var written);
            _span = _span[written..];
            _buffered += written;
        }

        public void WriteHex(int value)
        {
            if (_span.Length < 8)
            {
                Next(8);
            }

            Utf8Formatter.TryFormat(value, _span, out var written, new StandardFormat('x'));
            _span = _span[written..];
            _buffered += written;
        }

        public void Commit()
        {
            if (_buffered > 0)
            {
                _output.Advance(_buffered);
                Written += _buffered;
                _buffered = 0;
                _span = default;
            }
        }

        private void Next(int size)
        {
            Commit();
            _span = _output.GetSpan(size);
            Debug.Assert(_span.Length >= size, "A pipe writer returns at least the size asked for.");
        }
    }
}
