using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace BackEnd.Http;

/// <summary>Sets and deletes cookies by adding <c>Set-Cookie</c> headers (RFC 6265 §4.1) to a response.</summary>
public sealed class ResponseCookies
{
    private const string SetCookie = "Set-Cookie";
    private readonly HttpResponse _response;

    internal ResponseCookies(HttpResponse response) => _response = response;

    /// <summary>Adds a cookie.</summary>
    /// <param name="name">The name: an RFC 6265 token (visible ASCII without separators).</param>
    /// <param name="value">The value: cookie-octets only (no spaces, quotes, commas, semicolons, backslashes or non-ASCII); encode it first if needed.</param>
    /// <param name="options">The attributes, or <see langword="null"/> for <c>Path=/</c> only.</param>
    /// <exception cref="ArgumentException">The name, value, path or domain has characters a cookie cannot carry, or <c>SameSite=None</c> or <c>Partitioned</c> lacks <c>Secure</c>.</exception>
    public void Append(string name, string value, CookieOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _response.Headers[SetCookie] = StringValues.Concat(_response.Headers[SetCookie], Format(name, value, options ?? new CookieOptions()));
    }

    /// <summary>Deletes a cookie: sets it empty, expired, with the same path and domain it was set with.</summary>
    /// <param name="name">The cookie name.</param>
    /// <param name="options">The path, domain and other attributes the cookie was set with, or <see langword="null"/> for <c>Path=/</c>.</param>
    public void Delete(string name, CookieOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var expired = new CookieOptions
        {
            Path = options?.Path ?? "/",
            Domain = options?.Domain,
            Secure = options?.Secure ?? false,
            HttpOnly = options?.HttpOnly ?? false,
            SameSite = options?.SameSite ?? SameSiteMode.Unspecified,
            Partitioned = options?.Partitioned ?? false,
            Expires = DateTimeOffset.UnixEpoch,
            MaxAge = TimeSpan.Zero,
        };
        Append(name, string.Empty, expired);
    }

    /// <summary>Formats one <c>Set-Cookie</c> value.</summary>
    /// <param name="name">The cookie name.</param>
    /// <param name="value">The cookie value.</param>
    /// <param name="options">The attributes.</param>
    /// <returns>The header value.</returns>
    internal static string Format(string name, string value, CookieOptions options)
    {
        if (!CookieText.IsToken(name))
        {
            throw new ArgumentException($"The cookie name '{name}' must be a token: visible ASCII without spaces or any of ()<>@,;:\\\"/[]?={{}}.", nameof(name));
        }

        if (!CookieText.IsValue(value))
        {
            throw new ArgumentException($"The value of cookie '{name}' has a space, quote, comma, semicolon, backslash, control or non-ASCII character; encode it (for example Base64Url) first.", nameof(value));
        }

        if (options.Path is { } path && (path.Length == 0 || !CookieText.IsAttributeValue(path)))
        {
            throw new ArgumentException($"The Path of cookie '{name}' must be non-empty ASCII without control characters or ';'.", nameof(options));
        }

        if (options.Domain is { } domain && (domain.Length == 0 || !CookieText.IsAttributeValue(domain)))
        {
            throw new ArgumentException($"The Domain of cookie '{name}' must be non-empty ASCII without control characters or ';'.", nameof(options));
        }

        if ((options.SameSite == SameSiteMode.None || options.Partitioned) && !options.Secure)
        {
            throw new ArgumentException($"Cookie '{name}' uses SameSite=None or Partitioned, which browsers accept only with Secure; set Secure = true.", nameof(options));
        }

        var builder = new StringBuilder(name.Length + value.Length + 64);
        builder.Append(name).Append('=').Append(value);
        if (options.Path is not null)
        {
            builder.Append("; Path=").Append(options.Path);
        }

        if (options.Domain is not null)
        {
            builder.Append("; Domain=").Append(options.Domain);
        }

        if (options.Expires is { } expires)
        {
            builder.Append("; Expires=").Append(expires.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        }

        if (options.MaxAge is { } maxAge)
        {
            builder.Append("; Max-Age=").Append(((long)Math.Max(0, maxAge.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (options.Secure)
        {
            builder.Append("; Secure");
        }

        if (options.HttpOnly)
        {
            builder.Append("; HttpOnly");
        }

        switch (options.SameSite)
        {
            case SameSiteMode.None:
                builder.Append("; SameSite=None");
                break;
            case SameSiteMode.Lax:
                builder.Append("; SameSite=Lax");
                break;
            case SameSiteMode.Strict:
                builder.Append("; SameSite=Strict");
                break;
        }

        if (options.Partitioned)
        {
            builder.Append("; Partitioned");
        }

        return builder.ToString();
    }
}
