using System.IO.Pipelines;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

internal sealed class TestHttpResponse : HttpResponse, IDisposable
{
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

        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State).ConfigureAwait(false);
        }

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
