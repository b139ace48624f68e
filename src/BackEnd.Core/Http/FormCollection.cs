using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Http;

/// <summary>The fields of an <c>application/x-www-form-urlencoded</c> body; repeated names keep every value in order.</summary>
/// <remarks>Names compare case-insensitively, as they do when a form binds to a type. Read one with <see cref="HttpRequestFormExtensions.ReadFormAsync"/>.</remarks>
public sealed class FormCollection : IReadOnlyDictionary<string, StringValues>
{
    private readonly Dictionary<string, StringValues> _fields;

    private FormCollection(Dictionary<string, StringValues> fields) => _fields = fields;

    /// <summary>Gets a form without fields.</summary>
    public static FormCollection Empty { get; } = new(new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public int Count => _fields.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc/>
    public IEnumerable<StringValues> Values => _fields.Values;

    /// <summary>Gets the values of a field, or <see cref="StringValues.Empty"/> when the form does not have it.</summary>
    /// <param name="key">The field name, compared case-insensitively.</param>
    public StringValues this[string key] => _fields.TryGetValue(key, out var values) ? values : StringValues.Empty;

    /// <summary>Parses a URL-encoded form as the WHATWG URL standard does: fields split at <c>&amp;</c>, <c>+</c> is a space, percent escapes are UTF-8.</summary>
    /// <param name="text">The body, such as <c>name=Ada+L&amp;tags=a&amp;tags=b</c>.</param>
    /// <returns>The fields; empty pairs (<c>a=1&amp;&amp;b=2</c>) are skipped, a pair without <c>=</c> has an empty value.</returns>
    public static FormCollection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var range in text.AsSpan().Split('&'))
        {
            var pair = text.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? [] : pair[(equals + 1)..]);
            fields[name] = fields.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }

        return new FormCollection(fields);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _fields.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // '+' becomes a space before unescaping, so an escaped %2B stays a plus sign.
    private static string Decode(ReadOnlySpan<char> text) => text.IsEmpty ? "" : Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
