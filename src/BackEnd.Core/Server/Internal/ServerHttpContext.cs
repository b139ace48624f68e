using System.Globalization;
using System.Security.Claims;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>The context of the current request on a connection; one instance per connection, reset between requests.</summary>
internal sealed class ServerHttpContext : HttpContext
{
    private readonly Http1Connection _connection;
    private Dictionary<object, object?>? _items;
    private ClaimsPrincipal? _user;
    private string? _traceIdentifier;
    private CancellationTokenSource? _abortSource;

    public ServerHttpContext(Http1Connection connection, ServerConnectionInfo connectionInfo, IServiceProvider services)
    {
        _connection = connection;
        ConnectionInfo = connectionInfo;
        RootServices = services;
        RequestServices = services;
        ServerRequest = new ServerHttpRequest(this, connection);
        ServerResponse = new ServerHttpResponse(this, connection);
    }

    public ServerHttpRequest ServerRequest { get; }

    public ServerHttpResponse ServerResponse { get; }

    public ServerConnectionInfo ConnectionInfo { get; }

    public IServiceProvider RootServices { get; }

    public long RequestNumber { get; set; }

    /// <summary>Gets the framing failure of this request's body, if reading it failed; the exchange ends in its refusal.</summary>
    public BadHttpRequestException? BodyError => _connection.BodyError;

    /// <summary>Gets or sets state the application pipeline keeps per connection (its request-services provider); survives <see cref="Reset"/>.</summary>
    public object? ApplicationState { get; set; }

    public override HttpRequest Request => ServerRequest;

    public override HttpResponse Response => ServerResponse;

    public override ConnectionInfo Connection => ConnectionInfo;

    public override IServiceProvider RequestServices { get; set; }

    public override CancellationToken RequestAborted => (_abortSource ??= new CancellationTokenSource()).Token;

    public override ClaimsPrincipal User
    {
        get => _user ??= new ClaimsPrincipal(new ClaimsIdentity());
        set => _user = value;
    }

    public override IDictionary<object, object?> Items => _items ??= [];

    public override string TraceIdentifier =>
        _traceIdentifier ??= string.Create(CultureInfo.InvariantCulture, $"{ConnectionInfo.Id}:{RequestNumber:X8}");

    public bool IsAbortSignaled => _abortSource?.IsCancellationRequested == true;

    /// <summary>Gets a value indicating whether the application took <see cref="RequestAborted"/> on this connection (the source is kept between requests).</summary>
    public bool HasAbortSource => _abortSource is not null;

    public override void Abort() => _connection.Abort("The application aborted the connection.");

    /// <summary>Signals <see cref="RequestAborted"/>; called when the connection is aborted or lost.</summary>
    public void CancelRequestAborted()
    {
        try
        {
            _abortSource?.Cancel();
        }
        catch (AggregateException)
        {
            // A throwing callback registered by the application must not take the connection loop down.
        }
        catch (ObjectDisposedException)
        {
            // The request ended and its source was disposed (Reset) while another thread aborted the connection, e.g. the
            // server's shutdown timeout racing the connection's own end: there is no request left to cancel.
        }
    }

    public void Reset()
    {
        _items?.Clear();
        _user = null;
        _traceIdentifier = null;
        RequestServices = RootServices;
        RouteSelection.Routed = null;
        RouteSelection.ClearPending();
        if (_abortSource is not null && !_abortSource.TryReset())
        {
            _abortSource.Dispose();
            _abortSource = null;
        }

        ServerRequest.Reset();
        ServerResponse.Reset();
    }
}
