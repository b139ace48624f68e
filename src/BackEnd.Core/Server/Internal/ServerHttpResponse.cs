using System.IO.Pipelines;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>The response of the current exchange; the connection owns the wire format, this type the state a handler sets.</summary>
internal sealed class ServerHttpResponse : HttpResponse
{
    private readonly Http1Connection _connection;
    private int _statusCode = 200;
    private List<(Func<object, Task> Callback, object State)>? _onStarting;
    private List<(Func<object, Task> Callback, object State)>? _onCompleted;

    public ServerHttpResponse(ServerHttpContext context, Http1Connection connection)
    {
        HttpContext = context;
        _connection = connection;
    }

    public override HttpContext HttpContext { get; }

    public override int StatusCode
    {
        get => _statusCode;
        set
        {
            if (HasStarted)
            {
                throw new InvalidOperationException("The status code cannot be set: the response has already started.");
            }

            // Refused here, where the handler's stack shows the cause, instead of as a 500 when the head is written.
            if (value is < 100 or > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not an HTTP status code: a final status is between 200 and 599.");
            }

            if (value < 200)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    $"{value} is an informational (1xx) status and cannot be the final response; the server sends 100 Continue itself when the body is read.");
            }

            _statusCode = value;
        }
    }

    public ResponseHeaders ResponseHeaders { get; } = new();

    public override IHeaderDictionary Headers => ResponseHeaders;

    public override string? ContentType
    {
        get
        {
            var value = ResponseHeaders["Content-Type"];
            return value.Count == 0 ? null : value[0];
        }

        set => ResponseHeaders["Content-Type"] = value;
    }

    public override long? ContentLength
    {
        get => ResponseHeaders.ContentLength;
        set => ResponseHeaders.ContentLength = value;
    }

    public override Stream Body => _connection.ResponseBodyStream;

    public override PipeWriter BodyWriter => _connection.ResponseBodyWriter;

    public override bool HasStarted => _connection.ResponseStarted;

    public bool HasOnCompleted => _onCompleted is { Count: > 0 };

    public override void OnStarting(Func<object, Task> callback, object state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (HasStarted)
        {
            throw new InvalidOperationException("OnStarting cannot be registered: the response has already started.");
        }

        (_onStarting ??= []).Add((callback, state));
    }

    public override void OnCompleted(Func<object, Task> callback, object state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        (_onCompleted ??= []).Add((callback, state));
    }

    public override Task StartAsync(CancellationToken cancellationToken = default) => _connection.StartResponseAsync(cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        _connection.WriteResponseBodyAsync(data, cancellationToken);

    public override Task CompleteAsync() => _connection.CompleteResponseBodyAsync();

    /// <summary>Runs OnStarting callbacks in reverse registration order, like ASP.NET Core.</summary>
    public async Task RunOnStartingAsync()
    {
        var callbacks = _onStarting;
        if (callbacks is null)
        {
            return;
        }

        _onStarting = null;
        for (var i = callbacks.Count - 1; i >= 0; i--)
        {
            await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
        }
    }

    public bool HasOnStarting => _onStarting is { Count: > 0 };

    public async Task RunOnCompletedAsync()
    {
        var callbacks = _onCompleted;
        if (callbacks is null)
        {
            return;
        }

        _onCompleted = null;
        for (var i = callbacks.Count - 1; i >= 0; i--)
        {
            await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
        }
    }

    /// <summary>Puts the response back to a fresh 200 so the server can answer with an error instead.</summary>
    public void Clear()
    {
        _statusCode = 200;
        ResponseHeaders.Reset();
    }

    public void Reset()
    {
        _statusCode = 200;
        ResponseHeaders.Reset();
        _onStarting = null;
        _onCompleted = null;
    }
}
