using System.Buffers;
using System.IO.Pipelines;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

internal sealed class TestHttpResponse : HttpResponse, IDisposable
{
    // RFC 9110 tchar, as the server checks response header names.
    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // HTAB, SP and the visible ASCII characters, as the server checks response header values.
    private static readonly SearchValues<char> s_valueChars =
        SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly TestHttpContext _context;
    private readonly HeaderDictionary _headers = new();
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private readonly ResponseBodyStream _body;
    private PipeWriter? _bodyWriter;
    private int _statusCode = 200;

    public TestHttpResponse(TestHttpContext context)
    {
        _context = context;
        _headers.IsReadOnlyCheck = () => HasStarted;
        _body = new ResponseBodyStream(this);
    }

    public override HttpContext HttpContext => _context;

    public override int StatusCode
    {
        get => _statusCode;
        set
        {
            if (HasStarted)
            {
                throw new InvalidOperationException("The status code cannot be set after the response has started.");
            }

            _statusCode = value;
        }
    }

    public override IHeaderDictionary Headers => _headers;

    public override string? ContentType
    {
        get => _headers.TryGetValue("Content-Type", out var value) ? value.ToString() : null;
        set => _headers["Content-Type"] = value;
    }

    public override long? ContentLength
    {
        get => _headers.ContentLength;
        set => _headers.ContentLength = value;
    }

    public override Stream Body => _body;

    public override PipeWriter BodyWriter => _bodyWriter ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool HasStarted => Started;

    internal bool Started { get; private set; }

    internal MemoryStream Buffer { get; } = new();

    public override void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public override void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Started)
        {
            return;
        }

        // Run once, like the server: a start that fails on the head is retried by the error handler.
        var callbacks = _onStarting.ToArray();
        _onStarting.Clear();
        for (var i = callbacks.Length - 1; i >= 0; i--)
        {
            await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
        }

        ValidateHead();
        Started = true;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        Buffer.Write(data.Span);
    }

    public override async Task CompleteAsync()
    {
        if (_bodyWriter is not null)
        {
            await _bodyWriter.FlushAsync().ConfigureAwait(false);
        }

        await StartAsync().ConfigureAwait(false);
    }

    /// <summary>Refuses the head the real server refuses (header injection, non-ASCII), so tests fail where production fails.</summary>
    private void ValidateHead()
    {
        foreach (var (name, values) in _headers)
        {
            if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(s_tokenChars))
            {
                throw new InvalidOperationException($"Invalid response header name '{name}'.");
            }

            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().ContainsAnyExcept(s_valueChars))
                {
                    throw new InvalidOperationException($"Invalid character in the value of response header '{name}'.");
                }
            }
        }
    }

    public void Dispose()
    {
        _body.Dispose();
        Buffer.Dispose();
    }

    internal async Task RunCompletedAsync()
    {
        foreach (var (callback, state) in _onCompleted)
        {
            await callback(state).ConfigureAwait(false);
        }
    }

    private sealed class ResponseBodyStream(TestHttpResponse response) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => response.StartAsync(cancellationToken);

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
