using System.IO.Pipelines;
using System.Net;
using System.Security.Claims;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Bench.Routing;

/// <summary>A reusable, do-nothing context so the benchmarks measure the framework, not a server.</summary>
internal sealed class BenchHttpContext : HttpContext
{
    public BenchHttpContext(IServiceProvider services)
    {
        Request = new BenchRequest(this);
        Response = new BenchResponse(this);
        RequestServices = services;
    }

    public override BenchRequest Request { get; }

    public override BenchResponse Response { get; }

    public override ConnectionInfo Connection { get; } = new BenchConnection();

    public override IServiceProvider RequestServices { get; set; }

    public override CancellationToken RequestAborted => CancellationToken.None;

    public override ClaimsPrincipal User { get; set; } = new();

    public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

    public override string TraceIdentifier => "bench";

    public override void Abort()
    {
    }

    public void Reset(string method, string path, Dictionary<string, StringValues> query)
    {
        Request.MethodValue = method;
        Request.Path = path;
        Request.SetQuery(query);
        Request.RouteValues.Clear();
        Response.StatusCode = 200;
    }
}

internal sealed class BenchRequest(HttpContext context) : HttpRequest
{
    private readonly BenchQuery _query = new();

    public override HttpContext HttpContext => context;

    public override string Method => MethodValue;

    public string MethodValue { get; set; } = "GET";

    public override string Scheme => "http";

    public override string Host => "localhost";

    public override string PathBase { get; set; } = string.Empty;

    public override string Path { get; set; } = "/";

    public override string QueryString => string.Empty;

    public override string RawTarget => Path;

    public override IQueryCollection Query => _query;

    public override string Protocol => "HTTP/1.1";

    public override IHeaderDictionary Headers { get; } = new BenchHeaders();

    public override long? ContentLength => null;

    public override string? ContentType => null;

    public override Stream Body => Stream.Null;

    public override PipeReader BodyReader => throw new NotSupportedException();

    public override IDictionary<string, object?> RouteValues { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    public void SetQuery(Dictionary<string, StringValues> query) => _query.Inner = query;
}

internal sealed class BenchQuery : IQueryCollection
{
    public Dictionary<string, StringValues> Inner { get; set; } = [];

    public StringValues this[string key] => Inner.TryGetValue(key, out var value) ? value : StringValues.Empty;

    public IEnumerable<string> Keys => Inner.Keys;

    public IEnumerable<StringValues> Values => Inner.Values;

    public int Count => Inner.Count;

    public bool ContainsKey(string key) => Inner.ContainsKey(key);

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => Inner.GetEnumerator();

    public bool TryGetValue(string key, out StringValues value) => Inner.TryGetValue(key, out value);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

internal sealed class BenchHeaders : Dictionary<string, StringValues>, IHeaderDictionary
{
    public BenchHeaders()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public long? ContentLength { get; set; }

    public new StringValues this[string key]
    {
        get => TryGetValue(key, out var value) ? value : StringValues.Empty;
        set => base[key] = value;
    }
}

internal sealed class BenchResponse(HttpContext context) : HttpResponse
{
    private readonly BenchHeaders _headers = new();

    public override HttpContext HttpContext => context;

    public override int StatusCode { get; set; } = 200;

    public override IHeaderDictionary Headers => _headers;

    public override string? ContentType { get; set; }

    public override long? ContentLength { get; set; }

    public override Stream Body => Stream.Null;

    public override PipeWriter BodyWriter => throw new NotSupportedException();

    public override bool HasStarted => false;

    public override void OnStarting(Func<object, Task> callback, object state)
    {
    }

    public override void OnCompleted(Func<object, Task> callback, object state)
    {
    }

    public override Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => default;

    public override Task CompleteAsync() => Task.CompletedTask;
}

internal sealed class BenchConnection : ConnectionInfo
{
    public override string Id => "bench";

    public override IPAddress? RemoteIpAddress { get; set; } = IPAddress.Loopback;

    public override int RemotePort { get; set; }

    public override IPAddress? LocalIpAddress => IPAddress.Loopback;

    public override int LocalPort => 80;

    public override bool IsTls => false;
}
