using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Server.Internal;

/// <summary>The query string parsed on first use; <c>+</c> is a space and escapes are UTF-8.</summary>
internal sealed class QueryCollection : IQueryCollection
{
    public static readonly QueryCollection Empty = new(string.Empty);

    private readonly Dictionary<string, StringValues> _values = new(StringComparer.OrdinalIgnoreCase);

    public QueryCollection(string queryString)
    {
        var query = queryString.AsSpan();
        if (query.StartsWith("?"))
        {
            query = query[1..];
        }

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            _values[key] = _values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }
    }

    public StringValues this[string key] => _values.TryGetValue(key, out var value) ? value : StringValues.Empty;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<StringValues> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Decode(ReadOnlySpan<char> text) => WebUtility.UrlDecode(text.ToString());
}
