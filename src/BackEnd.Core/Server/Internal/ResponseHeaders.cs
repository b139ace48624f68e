using Microsoft.Extensions.Primitives;

namespace BackEnd.Server.Internal;

/// <summary>Response header fields; read-only once the response has started.</summary>
internal sealed class ResponseHeaders : HeaderDictionary
{
    /// <summary>Gets the fields other than <c>Content-Length</c>, for the writer to enumerate without allocating.</summary>
    public Dictionary<string, StringValues> Fields => RawStore;

    public void MakeReadOnly() => IsReadOnly = true;

    /// <summary>
    /// Refuses what cannot go on the wire when it is set, naming the field, rather than failing the response as a 500
    /// when the head is written: HTTP/1.1 field values are ASCII (RFC 9110 section 5.5), so other text must be encoded
    /// first (percent-encoding, or RFC 8187 for parameters such as a Content-Disposition filename). This is the only
    /// check: the head is written without checking again, so an array of values is copied, as the caller could change
    /// its items after setting it.
    /// </summary>
    protected override StringValues OnSetting(string key, StringValues value)
    {
        if (!HeaderText.IsToken(key))
        {
            throw new ArgumentException($"'{key}' is not a valid response header name: use letters, digits and !#$%&'*+-.^_`|~ only.", nameof(key));
        }

        foreach (var item in value)
        {
            if (item is not null && !HeaderText.IsValidResponseValue(item))
            {
                throw new ArgumentException(
                    $"The value of response header '{key}' contains a character that is not printable ASCII (a non-ASCII letter, CR, LF or another control character); encode it first, e.g. with Uri.EscapeDataString or RFC 8187 for parameters.",
                    nameof(value));
            }
        }

        return value.Count switch
        {
            0 => value,
            1 => new StringValues(value[0]),
            _ => new StringValues([.. value]),
        };
    }
}
