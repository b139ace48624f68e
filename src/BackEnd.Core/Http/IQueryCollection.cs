using Microsoft.Extensions.Primitives;

namespace BackEnd.Http;

/// <summary>The percent-decoded query string parameters of a request; repeated keys keep every value in order.</summary>
public interface IQueryCollection : IReadOnlyDictionary<string, StringValues>
{
    /// <summary>Gets the values of a key, or <see cref="StringValues.Empty"/> when the key is absent.</summary>
    /// <param name="key">The parameter name, compared case-insensitively.</param>
    new StringValues this[string key] { get; }
}
