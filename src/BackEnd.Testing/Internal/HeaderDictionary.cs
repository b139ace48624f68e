using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Testing.Internal;

internal sealed class HeaderDictionary : IHeaderDictionary
{
    private readonly Dictionary<string, StringValues> _headers = new(StringComparer.OrdinalIgnoreCase);

    public Func<bool>? IsReadOnlyCheck { get; set; }

    public int Count => _headers.Count;

    public bool IsReadOnly => IsReadOnlyCheck?.Invoke() == true;

    public ICollection<string> Keys => _headers.Keys;

    public ICollection<StringValues> Values => _headers.Values;

    public long? ContentLength
    {
        get => long.TryParse(this["Content-Length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;
        set => this["Content-Length"] = value?.ToString(CultureInfo.InvariantCulture) ?? StringValues.Empty;
    }

    public StringValues this[string key]
    {
        get => _headers.TryGetValue(key, out var value) ? value : StringValues.Empty;
        set
        {
            EnsureWritable();
            if (StringValues.IsNullOrEmpty(value))
            {
                _headers.Remove(key);
            }
            else
            {
                _headers[key] = value;
            }
        }
    }

    public void Add(string key, StringValues value)
    {
        EnsureWritable();
        _headers.Add(key, value);
    }

    public void Add(KeyValuePair<string, StringValues> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        EnsureWritable();
        _headers.Clear();
    }

    public bool Contains(KeyValuePair<string, StringValues> item) => _headers.TryGetValue(item.Key, out var value) && value == item.Value;

    public bool ContainsKey(string key) => _headers.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, StringValues>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, StringValues>>)_headers).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _headers.GetEnumerator();

    public bool Remove(string key)
    {
        EnsureWritable();
        return _headers.Remove(key);
    }

    public bool Remove(KeyValuePair<string, StringValues> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _headers.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void EnsureWritable()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("Headers cannot be changed after the response has started.");
        }
    }
}
