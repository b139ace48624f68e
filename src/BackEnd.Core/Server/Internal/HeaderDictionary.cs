using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BackEnd.Http;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Server.Internal;

/// <summary>
/// Case-insensitive header fields over a reusable dictionary. <c>Content-Length</c> lives in a typed field so the
/// common path never formats or parses a number string.
/// </summary>
internal abstract class HeaderDictionary : IHeaderDictionary
{
    private const string ContentLengthName = "Content-Length";

    private readonly Dictionary<string, StringValues> _store = new(StringComparer.OrdinalIgnoreCase);
    private long? _contentLength;

    public long? ContentLength
    {
        get => _contentLength;
        set
        {
            ThrowIfReadOnly();
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Content-Length cannot be negative.");
            }

            _contentLength = value;
        }
    }

    public int Count
    {
        get
        {
            var store = Store;
            return store.Count + (_contentLength.HasValue ? 1 : 0);
        }
    }

    public bool IsReadOnly { get; protected set; }

    public ICollection<string> Keys => [.. this.Select(pair => pair.Key)];

    public ICollection<StringValues> Values => [.. this.Select(pair => pair.Value)];

    /// <summary>Gets the backing dictionary, after any lazy work subclasses do.</summary>
    protected Dictionary<string, StringValues> Store
    {
        get
        {
            EnsureMaterialized();
            return _store;
        }
    }

    /// <summary>Gets the backing dictionary without materializing, for the response writer.</summary>
    protected Dictionary<string, StringValues> RawStore => _store;

    public StringValues this[string key]
    {
        get => TryGetValue(key, out var value) ? value : StringValues.Empty;
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ThrowIfReadOnly();
            value = OnSetting(key, value);
            if (IsContentLength(key))
            {
                _contentLength = StringValues.IsNullOrEmpty(value) ? null : ParseContentLength(value);
                return;
            }

            if (StringValues.IsNullOrEmpty(value))
            {
                Store.Remove(key);
            }
            else
            {
                Store[key] = value;
            }
        }
    }

    StringValues IDictionary<string, StringValues>.this[string key]
    {
        get => this[key];
        set => this[key] = value;
    }

    public void Add(string key, StringValues value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ContainsKey(key))
        {
            throw new ArgumentException($"The header '{key}' is already present.", nameof(key));
        }

        this[key] = value;
    }

    public void Add(KeyValuePair<string, StringValues> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        ThrowIfReadOnly();
        Store.Clear();
        _contentLength = null;
    }

    public bool Contains(KeyValuePair<string, StringValues> item) =>
        TryGetValue(item.Key, out var value) && StringValues.Equals(value, item.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public void CopyTo(KeyValuePair<string, StringValues>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfReadOnly();
        if (IsContentLength(key))
        {
            var had = _contentLength.HasValue;
            _contentLength = null;
            return had;
        }

        return Store.Remove(key);
    }

    public bool Remove(KeyValuePair<string, StringValues> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsContentLength(key))
        {
            value = _contentLength.HasValue ? new StringValues(_contentLength.Value.ToString(CultureInfo.InvariantCulture)) : default;
            return _contentLength.HasValue;
        }

        return TryGetStored(key, out value);
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator()
    {
        foreach (var pair in Store)
        {
            yield return pair;
        }

        if (_contentLength.HasValue)
        {
            yield return new KeyValuePair<string, StringValues>(ContentLengthName, _contentLength.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Empties the dictionary for the next request on the connection, keeping its buckets.</summary>
    public virtual void Reset()
    {
        _store.Clear();
        _contentLength = null;
        IsReadOnly = false;
    }

    /// <summary>Sets the parsed length without the read-only check, for the parser.</summary>
    internal void SetParsedContentLength(long? value) => _contentLength = value;

    protected virtual void EnsureMaterialized()
    {
    }

    /// <summary>Looks a field other than <c>Content-Length</c> up; a derived store may answer without materializing.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The field's values, if present.</param>
    /// <returns>Whether the field is present.</returns>
    protected virtual bool TryGetStored(string key, out StringValues value) => Store.TryGetValue(key, out value);

    protected static bool IsContentLength(string key) =>
        key.Length == ContentLengthName.Length && string.Equals(key, ContentLengthName, StringComparison.OrdinalIgnoreCase);

    private static long ParseContentLength(StringValues value)
    {
        if (value.Count == 1 && long.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return length;
        }

        throw new InvalidOperationException("Content-Length must be a single non-negative integer.");
    }

    /// <summary>Lets a derived store refuse a field when it is set, where the caller can still see why.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The values being set.</param>
    /// <returns>The values to store.</returns>
    protected virtual StringValues OnSetting(string key, StringValues value) => value;

    private void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("Headers are read-only: the response has already started.");
        }
    }
}
