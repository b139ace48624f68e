using Microsoft.Extensions.Primitives;

namespace BackEnd.Http;

/// <summary>HTTP header fields keyed case-insensitively by name; a missing header reads as <see cref="StringValues.Empty"/>.</summary>
public interface IHeaderDictionary : IDictionary<string, StringValues>
{
    /// <summary>Gets or sets a header; the getter returns <see cref="StringValues.Empty"/> for a missing header instead of throwing.</summary>
    /// <param name="key">The header name.</param>
    new StringValues this[string key] { get; set; }

    /// <summary>Gets or sets the parsed <c>Content-Length</c> header.</summary>
    long? ContentLength { get; set; }
}
