namespace BackEnd.Auth;

/// <summary>The default values of the auth options, written once.</summary>
public static class AuthDefaults
{
    /// <summary>The bcrypt work factor (log2 of the rounds): 12.</summary>
    public const int BCryptWorkFactor = 12;

    /// <summary>PBKDF2-HMAC-SHA512 iterations: 210,000 (OWASP Password Storage Cheat Sheet).</summary>
    public const int Pbkdf2Iterations = 210_000;

    /// <summary>Argon2id memory in KiB: 19,456 (19 MiB, OWASP).</summary>
    public const int Argon2MemoryKiB = 19_456;

    /// <summary>Argon2id passes: 2 (OWASP).</summary>
    public const int Argon2Iterations = 2;

    /// <summary>Argon2id lanes: 1 (OWASP).</summary>
    public const int Argon2Parallelism = 1;

    /// <summary>The shortest password accepted: 8 characters (NIST SP 800-63B).</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>The longest password accepted: 128 characters (NIST asks for at least 64).</summary>
    public const int MaximumPasswordLength = 128;

    /// <summary>The session cookie's name.</summary>
    public const string SessionCookieName = "backend_session";

    /// <summary>The session's sliding lifetime: 1 day without use ends it.</summary>
    public static readonly TimeSpan SessionSlidingExpiration = TimeSpan.FromDays(1);

    /// <summary>The session's absolute lifetime: 14 days after sign-in it ends, used or not.</summary>
    public static readonly TimeSpan SessionAbsoluteExpiration = TimeSpan.FromDays(14);

    /// <summary>A bearer token's lifetime: 30 days.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(30);

    /// <summary>The default <see cref="AuthOptions.UserCacheDuration"/>: 1 s.</summary>
    public static readonly TimeSpan UserCacheDuration = TimeSpan.FromSeconds(1);

    /// <summary>The scheme of the <c>Authorization</c> header that carries a bearer token.</summary>
    public const string TokenScheme = "Bearer";

    /// <summary>Failed sign-ins in a row before a user name is locked: 5.</summary>
    public const int LockoutThreshold = 5;

    /// <summary>How long a locked user name stays locked: 15 minutes.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Registrations per client IP per minute: 20. Counted in the <see cref="Storage.KeyValue.IKeyValueStore"/>, so all nodes share the limit.</summary>
    public const int RegisterPermitsPerMinute = 20;

    /// <summary>Sign-in attempts per client IP per minute: 60.</summary>
    public const int LoginPermitsPerMinute = 60;

    /// <summary>How long a refused sign-in or registration (429) is held before it is answered: 1 s.</summary>
    public static readonly TimeSpan RefusalDelay = TimeSpan.FromSeconds(1);

    /// <summary>Refusals held at once, per process, before further ones are answered at once with <c>Connection: close</c>: 10,000.</summary>
    public const int MaxHeldRefusals = 10_000;

    /// <summary>The default <see cref="AuthOptions.RefusalJitter"/>: a held refusal lasts between half the delay and all of it.</summary>
    public const double RefusalJitter = 0.5;

    /// <summary>The request header that carries the anti-forgery token.</summary>
    public const string CsrfHeaderName = "X-CSRF-Token";

    /// <summary>The form field that carries the anti-forgery token.</summary>
    public const string CsrfFormField = "__csrf";
}
