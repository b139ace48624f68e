using System.Globalization;
using System.Net;
using System.Security.Claims;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

internal sealed class TestHttpContext : HttpContext, IDisposable
{
    private static long s_requestCount;
    private readonly CancellationTokenSource _aborted = new();

    public TestHttpContext(HttpRequestMessage message, byte[] body, IServiceProvider services, IPAddress remote)
    {
        Request = new TestHttpRequest(this, message, body);
        Response = new TestHttpResponse(this);
        Connection = new TestConnectionInfo(remote);
        RequestServices = services;
        TraceIdentifier = "test-" + Interlocked.Increment(ref s_requestCount).ToString(CultureInfo.InvariantCulture);
    }

    public override HttpRequest Request { get; }

    public override TestHttpResponse Response { get; }

    public override ConnectionInfo Connection { get; }

    public override IServiceProvider RequestServices { get; set; }

    public override CancellationToken RequestAborted => _aborted.Token;

    public override ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

    public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

    public override string TraceIdentifier { get; }

    public bool IsAborted { get; private set; }

    public override void Abort()
    {
        IsAborted = true;
        ClientGone();
    }

    public void ClientGone()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _aborted.Dispose();
        Response.Dispose();
    }
}
