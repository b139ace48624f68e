using System.IO.Pipelines;
using System.Text;
using BackEnd.Http;

namespace BackEnd.Testing.Internal;

internal sealed class TestHttpRequest : HttpRequest
{
    private readonly TestHttpContext _context;
    private PipeReader? _bodyReader;

    public TestHttpRequest(TestHttpContext context, HttpRequestMessage message, byte[] body)
    {
        _context = context;
        var uri = message.RequestUri!;
        Method = string.IsInterned(message.Method.Method) ?? message.Method.Method;
        Scheme = uri.Scheme;
        Host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        RawTarget = uri.PathAndQuery;
        Path = DecodePath(uri.AbsolutePath);
        QueryString = uri.Query;
        Query = new QueryCollection(uri.Query);
        foreach (var header in message.Headers)
        {
            Headers[header.Key] = header.Value.ToArray();
        }

        if (message.Content is not null)
        {
            foreach (var header in message.Content.Headers)
            {
                Headers[header.Key] = header.Value.ToArray();
            }

            if (message.Headers.TransferEncodingChunked != true)
            {
                Headers.ContentLength = body.Length;
            }
        }

        Body = new MemoryStream(body, writable: false);
    }

    public override HttpContext HttpContext => _context;

    public override string Method { get; }

    public override string Scheme { get; }

    public override string Host { get; }

    public override string PathBase { get; set; } = string.Empty;

    public override string Path { get; set; }

    public override string QueryString { get; }

    public override string RawTarget { get; }

    public override IQueryCollection Query { get; }

    public override string Protocol => "HTTP/1.1";

    public override IHeaderDictionary Headers { get; } = new HeaderDictionary();

    public override long? ContentLength => Headers.ContentLength;

    public override string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value.ToString() : null;

    public override Stream Body { get; }

    public override PipeReader BodyReader => _bodyReader ??= PipeReader.Create(Body);

    public override IDictionary<string, object?> RouteValues { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Decodes the path like the server does: every escape except <c>%2F</c>, so a segment boundary is never invented.</summary>
    internal static string DecodePath(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var parts = raw.Split("%2F", StringSplitOptions.None);
        var builder = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append("%2F");
            }

            foreach (var piece in parts[i].Split("%2f", StringSplitOptions.None).Select((p, index) => (p, index)))
            {
                if (piece.index > 0)
                {
                    builder.Append("%2F");
                }

                builder.Append(Uri.UnescapeDataString(piece.p));
            }
        }

        return builder.ToString();
    }
}
