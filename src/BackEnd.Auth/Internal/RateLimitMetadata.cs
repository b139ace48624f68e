using System.Text;

namespace BackEnd.Auth.Internal;

/// <summary>
/// Marks an endpoint whose requests count against a per-IP limit. The middleware checks it before anything reads the body,
/// and answers a refusal with bytes made once here, so a flood of refused requests costs little more than its headers.
/// </summary>
internal sealed class RateLimitMetadata(string purpose, Func<AuthOptions, int> permitsPerMinute, string detail)
{
    public string Purpose { get; } = purpose;

    public Func<AuthOptions, int> PermitsPerMinute { get; } = permitsPerMinute;

    public ReadOnlyMemory<byte> Body { get; } = Encoding.UTF8.GetBytes(
        $$"""{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":"Too Many Requests","status":429,"detail":"{{detail}}"}""");
}
