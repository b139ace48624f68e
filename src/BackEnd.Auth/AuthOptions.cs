using BackEnd.Auth.Authorization;

namespace BackEnd.Auth;

/// <summary>Options of BackEnd.Auth, set with <c>builder.AddAuth(o =&gt; …)</c> and validated at start.</summary>
public sealed class AuthOptions
{
    /// <summary>Gets the password policy and hashing options.</summary>
    public PasswordOptions Passwords { get; } = new();

    /// <summary>Gets the named policies and the fallback policy.</summary>
    public AuthorizationOptions Authorization { get; } = new();

    /// <summary>Gets or sets the session cookie's name.</summary>
    /// <value>Default: <see cref="AuthDefaults.SessionCookieName"/>.</value>
    public string SessionCookieName { get; set; } = AuthDefaults.SessionCookieName;

    /// <summary>Gets or sets how long an unused session lives; each use extends it up to <see cref="SessionAbsoluteExpiration"/>.</summary>
    /// <value>Default: 1 day.</value>
    public TimeSpan SessionSlidingExpiration { get; set; } = AuthDefaults.SessionSlidingExpiration;

    /// <summary>Gets or sets how long a session lives after sign-in, used or not.</summary>
    /// <value>Default: 14 days.</value>
    public TimeSpan SessionAbsoluteExpiration { get; set; } = AuthDefaults.SessionAbsoluteExpiration;

    /// <summary>Gets or sets whether the session cookie is marked <c>Secure</c> even on plain HTTP (when TLS ends at a proxy this app does not trust for forwarded headers).</summary>
    /// <value>Default: <see langword="false"/>: <c>Secure</c> when the request is HTTPS, directly or through a trusted proxy's forwarded headers.</value>
    public bool AlwaysSecureCookie { get; set; }

    /// <summary>Gets or sets the lifetime of bearer tokens issued by sign-in.</summary>
    /// <value>Default: 30 days.</value>
    public TimeSpan TokenLifetime { get; set; } = AuthDefaults.TokenLifetime;

    /// <summary>Gets or sets the <c>Authorization</c> header scheme of bearer tokens, for example <c>Token</c> for clients that send <c>Authorization: Token …</c>.</summary>
    /// <value>Default: <c>Bearer</c>.</value>
    public string TokenScheme { get; set; } = AuthDefaults.TokenScheme;

    /// <summary>
    /// Gets or sets how long the account a session or token resolved to is kept in this process, so a signed-in request costs
    /// one read (the session or token) instead of two. <see cref="TimeSpan.Zero"/> reads the account on every request.
    /// </summary>
    /// <value>Default: 1 s.</value>
    /// <remarks>
    /// Revocation stays immediate: a password, role or sign-out-everywhere change deletes the account's sessions and tokens
    /// (every node sees that at once) and drops this node's copy, and a copy is used only while its security stamp matches the
    /// credential's. What a copy can delay, by this long on other nodes, is a change written to the account directly (for
    /// example its <see cref="AuthUser.Claims"/> through the repository).
    /// </remarks>
    public TimeSpan UserCacheDuration { get; set; } = AuthDefaults.UserCacheDuration;

    /// <summary>
    /// Gets or sets how long a bearer token's stored record is kept in this process once read, so a request with a token
    /// costs no read while the account is cached too. <see cref="TimeSpan.Zero"/> (the default) reads it on every request.
    /// </summary>
    /// <value>Default: <see cref="TimeSpan.Zero"/>.</value>
    /// <remarks>
    /// Expiry and the account's security stamp are still checked on every request, and a revocation through this node
    /// (<see cref="AuthService.RevokeTokenAsync"/>, sign-out, a password, role or sign-out-everywhere change) drops the copy at
    /// once. A token deleted by another node, or straight from the store, keeps working here for up to this long: set it only
    /// where one process serves the store, or where that delay is acceptable.
    /// </remarks>
    public TimeSpan TokenCacheDuration { get; set; }

    /// <summary>Gets or sets the failed sign-ins in a row after which a user name (existing or not) is locked.</summary>
    /// <value>Default: 5.</value>
    public int LockoutThreshold { get; set; } = AuthDefaults.LockoutThreshold;

    /// <summary>Gets or sets how long a locked user name stays locked.</summary>
    /// <value>Default: 15 minutes.</value>
    public TimeSpan LockoutDuration { get; set; } = AuthDefaults.LockoutDuration;

    /// <summary>Gets or sets the registrations allowed per client IP per minute; 0 turns the limit off.</summary>
    /// <value>Default: 20.</value>
    public int RegisterPermitsPerMinute { get; set; } = AuthDefaults.RegisterPermitsPerMinute;

    /// <summary>Gets or sets the sign-in attempts allowed per client IP per minute; 0 turns the limit off.</summary>
    /// <value>Default: 60.</value>
    public int LoginPermitsPerMinute { get; set; } = AuthDefaults.LoginPermitsPerMinute;

    /// <summary>
    /// Gets or sets how long a 429 (over the per-IP limit, or a locked user name) is held before it is sent, on a timer that
    /// holds no thread. A client that retries at once can then refuse-loop only one attempt per connection per delay, so a
    /// flood of refused sign-ins is bounded by the attacker's connections instead of by this server's CPU.
    /// <see cref="TimeSpan.Zero"/> answers at once.
    /// </summary>
    /// <value>Default: 1 s.</value>
    /// <remarks>
    /// The wait ends early, with the 429 and <c>Connection: close</c>, when the host stops; a client that disconnects while
    /// held frees its place (noticed at once when the request body had fully arrived, otherwise when the delay ends).
    /// </remarks>
    public TimeSpan RefusalDelay { get; set; } = AuthDefaults.RefusalDelay;

    /// <summary>
    /// Gets or sets how much of <see cref="RefusalDelay"/> may randomly be taken off each held refusal, from 0 (every refusal
    /// held the whole delay) to 1. Refusals sent together come back together: held alike, a flood's answers and retries
    /// arrive in bursts once per delay, and each burst delays everyone else's requests; spread, they arrive evenly.
    /// </summary>
    /// <value>Default: 0.5 (a refusal is held between half the delay and the whole of it).</value>
    public double RefusalJitter { get; set; } = AuthDefaults.RefusalJitter;

    /// <summary>
    /// Gets or sets how many refusals this process holds at once (see <see cref="RefusalDelay"/>); beyond it a refusal is
    /// answered at once with <c>Connection: close</c>, so the client pays a new connection for its next attempt.
    /// </summary>
    /// <value>Default: 10,000.</value>
    public int MaxHeldRefusals { get; set; } = AuthDefaults.MaxHeldRefusals;

    /// <summary>
    /// Gets or sets whether every 429 closes the connection (<c>Connection: close</c>) after it is sent, so each further
    /// attempt costs the client a new connection.
    /// </summary>
    /// <value>
    /// Default: <see langword="false"/>: a held refusal keeps the connection, which costs this server less than the
    /// accept and handshake of a reconnect (TLS in particular); the delay alone bounds the attempt rate.
    /// </value>
    public bool CloseConnectionOnRefusal { get; set; }

    /// <summary>Gets or sets the header that carries the anti-forgery token of a cookie session.</summary>
    /// <value>Default: <c>X-CSRF-Token</c>.</value>
    public string CsrfHeaderName { get; set; } = AuthDefaults.CsrfHeaderName;

    /// <summary>
    /// Gets or sets the field of an <c>application/x-www-form-urlencoded</c> body that may carry the anti-forgery token instead
    /// of the header, for HTML forms posted without JavaScript; the body is read once and stays readable for the handler.
    /// </summary>
    /// <value>Default: <c>__csrf</c>.</value>
    public string CsrfFormFieldName { get; set; } = AuthDefaults.CsrfFormField;
}
