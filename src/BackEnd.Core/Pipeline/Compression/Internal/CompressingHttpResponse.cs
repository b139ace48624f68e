using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Pipeline.Compression.Internal;

/// <summary>
/// A response that decides on the first write (or at the end, for small bodies of unknown length) whether to compress:
/// only compressible media types at or above the minimum size, never when the handler already set a Content-Encoding.
/// </summary>
internal sealed class CompressingHttpResponse(HttpResponse inner, string encoding, ResponseCompressionOptions options, HashSet<string> mimeTypes)
    : HttpResponse, IAsyncDisposable
{
    private State _state;
    private byte[]? _buffer;
    private int _buffered;
    private Stream? _compressor;
    private Stream? _body;
    private PipeWriter? _writer;

    private enum State
    {
        Undecided,
        PassThrough,
        Compressing,
    }

    public HttpContext Context { get; set; } = inner.HttpContext;

    public override HttpContext HttpContext => Context;

    public override int StatusCode
    {
        get => inner.StatusCode;
        set => inner.StatusCode = value;
    }

    public override IHeaderDictionary Headers => inner.Headers;

    public override string? ContentType
    {
        get => inner.ContentType;
        set => inner.ContentType = value;
    }

    public override long? ContentLength
    {
        get => inner.ContentLength;
        set => inner.ContentLength = value;
    }

    public override Stream Body => _body ??= new BodyStream(this);

    public override PipeWriter BodyWriter => _writer ??= PipeWriter.Create(Body, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool HasStarted => inner.HasStarted;

    public override void OnStarting(Func<object, Task> callback, object state) => inner.OnStarting(callback, state);

    public override void OnCompleted(Func<object, Task> callback, object state) => inner.OnCompleted(callback, state);

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Headers are wanted now (a stream, live updates): decide without waiting for the body.
        if (_state == State.Undecided)
        {
            await DecideAsync(final: false, forced: true).ConfigureAwait(false);
        }

        await inner.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_state == State.Undecided)
        {
            if (ContentLength is null && IsCompressible() && _buffered + data.Length < options.MinimumSize)
            {
                _buffer ??= ArrayPool<byte>.Shared.Rent(Math.Max(options.MinimumSize, 1));
                data.Span.CopyTo(_buffer.AsSpan(_buffered));
                _buffered += data.Length;
                return;
            }

            await DecideAsync(final: false, forced: true).ConfigureAwait(false);
        }

        if (_state == State.Compressing)
        {
            await _compressor!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await inner.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task CompleteAsync()
    {
        await FinishAsync().ConfigureAwait(false);
        await inner.CompleteAsync().ConfigureAwait(false);
    }

    public async ValueTask FinishAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }

        if (_state == State.Undecided)
        {
            await DecideAsync(final: true, forced: false).ConfigureAwait(false);
        }

        if (_compressor is not null)
        {
            var compressor = _compressor;
            _compressor = null;
            await compressor.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        return _compressor?.DisposeAsync() ?? default;
    }

    private async ValueTask DecideAsync(bool final, bool forced)
    {
        var compress = IsCompressible() && !inner.HasStarted && (ContentLength is { } length
            ? length >= options.MinimumSize
            : !final && forced);
        if (compress)
        {
            _state = State.Compressing;
            inner.ContentLength = null;
            inner.Headers["Content-Encoding"] = encoding;
            inner.Headers["Vary"] = StringValues.Concat(inner.Headers["Vary"], "Accept-Encoding");
            _compressor = encoding == "br"
                ? new BrotliStream(inner.Body, options.Level, leaveOpen: true)
                : new GZipStream(inner.Body, options.Level, leaveOpen: true);
            if (_buffered > 0)
            {
                await _compressor.WriteAsync(_buffer.AsMemory(0, _buffered)).ConfigureAwait(false);
            }

            return;
        }

        _state = State.PassThrough;
        if (_buffered > 0)
        {
            if (final && !inner.HasStarted && inner.ContentLength is null)
            {
                inner.ContentLength = _buffered;
            }

            await inner.WriteAsync(_buffer.AsMemory(0, _buffered)).ConfigureAwait(false);
        }
    }

    private bool IsCompressible()
    {
        var headers = inner.Headers;
        if (headers.ContainsKey("Content-Encoding") || headers.ContainsKey("Content-Range") || StatusCode is < 200 or 204 or 304)
        {
            return false;
        }

        var contentType = ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mimeTypes.Contains(mediaType) ||
               mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class BodyStream(CompressingHttpResponse response) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            response._compressor?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            response.WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            response.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            response.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
