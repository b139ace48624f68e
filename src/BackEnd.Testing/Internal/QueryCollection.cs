using System.Collections;
using System.Diagnostics.CodeAnalysis;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Testing.Internal;

internal sealed class QueryCollection : IQueryCollection
{
    private readonly Dictionary<string, StringValues> _values = new(StringComparer.OrdinalIgnoreCase);

    public QueryCollection(string queryString)
    {
        var query = queryString.StartsWith('?') ? queryString[1..] : queryString;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            _values[key] = _values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<StringValues> Values => _values.Values;

    public StringValues this[string key] => _values.TryGetValue(key, out var value) ? value : StringValues.Empty;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
