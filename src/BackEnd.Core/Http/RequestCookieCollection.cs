using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Http;

/// <summary>The cookies a request carries, parsed from its <c>Cookie</c> header (RFC 6265 §5.4); the first of two equal names wins.</summary>
/// <remarks>Pairs without <c>=</c> and names that are not RFC 6265 tokens are skipped; values are not percent-decoded, and one pair of surrounding double quotes is removed.</remarks>
public sealed class RequestCookieCollection : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _cookies;

    private RequestCookieCollection(Dictionary<string, string> cookies) => _cookies = cookies;

    /// <summary>Gets a collection without cookies.</summary>
    public static RequestCookieCollection Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _cookies.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _cookies.Keys;

    /// <inheritdoc/>
    public IEnumerable<string> Values => _cookies.Values;

    /// <summary>Gets a cookie's value, or <see langword="null"/> when the request does not carry it.</summary>
    /// <param name="key">The cookie name, compared ordinally (case-sensitive).</param>
    public string? this[string key] => _cookies.GetValueOrDefault(key);

    string IReadOnlyDictionary<string, string>.this[string key] => _cookies[key];

    /// <summary>Parses the values of <c>Cookie</c> headers.</summary>
    /// <param name="headers">The header values; several are joined as if separated by <c>;</c>.</param>
    /// <returns>The cookies.</returns>
    public static RequestCookieCollection Parse(IEnumerable<string?> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Dictionary<string, string>? cookies = null;
        foreach (var header in headers)
        {
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }

            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan(range).Trim(' ');
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var name = pair[..equals].Trim(' ');
                var value = pair[(equals + 1)..].Trim(' ');
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                if (!CookieText.IsToken(name) || !CookieText.IsValue(value))
                {
                    continue;
                }

                cookies ??= new Dictionary<string, string>(StringComparer.Ordinal);
                cookies.TryAdd(name.ToString(), value.ToString());
            }
        }

        return cookies is null ? Empty : new RequestCookieCollection(cookies);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _cookies.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _cookies.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _cookies.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
