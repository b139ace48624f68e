namespace BackEnd.Http;

/// <summary>The <c>SameSite</c> attribute of a cookie.</summary>
public enum SameSiteMode
{
    /// <summary>No attribute is written; the browser's default applies.</summary>
    Unspecified,

    /// <summary><c>SameSite=None</c>: sent cross-site too; requires <see cref="CookieOptions.Secure"/>.</summary>
    None,

    /// <summary><c>SameSite=Lax</c>: sent on same-site requests and top-level navigations.</summary>
    Lax,

    /// <summary><c>SameSite=Strict</c>: sent on same-site requests only.</summary>
    Strict,
}
