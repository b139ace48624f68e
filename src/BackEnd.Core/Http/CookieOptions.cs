namespace BackEnd.Http;

/// <summary>The attributes of a cookie set with <see cref="ResponseCookies.Append"/>.</summary>
public sealed class CookieOptions
{
    /// <summary>Gets or sets the <c>Path</c> attribute.</summary>
    /// <value>Default: <c>/</c>.</value>
    public string? Path { get; set; } = "/";

    /// <summary>Gets or sets the <c>Domain</c> attribute.</summary>
    /// <value>Default: <see langword="null"/> (host-only cookie).</value>
    public string? Domain { get; set; }

    /// <summary>Gets or sets the <c>Expires</c> attribute.</summary>
    /// <value>Default: <see langword="null"/> (a session cookie).</value>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>Gets or sets the <c>Max-Age</c> attribute, written in whole seconds.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Gets or sets whether the cookie is sent only over TLS (<c>Secure</c>).</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool Secure { get; set; }

    /// <summary>Gets or sets whether scripts cannot read the cookie (<c>HttpOnly</c>).</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool HttpOnly { get; set; }

    /// <summary>Gets or sets the <c>SameSite</c> attribute.</summary>
    /// <value>Default: <see cref="SameSiteMode.Unspecified"/> (no attribute).</value>
    public SameSiteMode SameSite { get; set; }

    /// <summary>Gets or sets whether the cookie is stored per top-level site (CHIPS <c>Partitioned</c>); requires <see cref="Secure"/>.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool Partitioned { get; set; }
}
