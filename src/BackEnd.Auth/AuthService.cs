using System.Security.Claims;
using BackEnd.Auth.Internal;
using BackEnd.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth;

/// <summary>Accounts, sign-in, sessions and tokens, kept through <see cref="IEntityStore"/> so any storage provider holds them.</summary>
public sealed partial class AuthService
{
    /// <summary>The claim type saying how the request was authenticated: <c>cookie</c> or <c>bearer</c>.</summary>
    public const string AuthenticationMethodClaimType = "backend:auth_method";

    /// <summary>The claim type of a bearer token's scopes, one claim per scope.</summary>
    public const string ScopeClaimType = "scope";

    private const int PageSize = 500;
    private const int MaxPages = 200;
    private const int MaxEmailLength = 254;

    // A name whose possible failures are all in flight is refused for about as long as one verification takes.
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly IEntityStore _store;
    private readonly PasswordHasher _hasher;
    private readonly AuthOptions _options;
    private readonly PasswordPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthService> _logger;
    private readonly Lazy<Task<string>> _dummyHash;
    private readonly SignInAttempts _attempts = new();
    private readonly RecentCache<AuthUser> _cache;
    private readonly RecentCache<AuthToken> _tokens;

    internal AuthService(IEntityStore store, PasswordHasher hasher, IOptions<AuthOptions> options, TimeProvider time, ILogger<AuthService> logger)
    {
        _store = store;
        _hasher = hasher;
        _options = options.Value;
        _policy = new PasswordPolicy(_options.Passwords);
        _time = time;
        _logger = logger;
        _cache = new RecentCache<AuthUser>(time, _options.UserCacheDuration, static u => u.Id);
        _tokens = new RecentCache<AuthToken>(time, _options.TokenCacheDuration, static t => t.Id);
        _dummyHash = new Lazy<Task<string>>(() => _hasher.HashAsync(Secrets.NewId()[..32]));
    }

    private IRepository<AuthUser, string> Users => _store.GetRepository<AuthUser, string>();

    private IRepository<AuthSession, string> Sessions => _store.GetRepository<AuthSession, string>();

    private IRepository<AuthToken, string> Tokens => _store.GetRepository<AuthToken, string>();

    private IRepository<AuthLockout, string> Lockouts => _store.GetRepository<AuthLockout, string>();

    /// <summary>Creates an account after checking the user name and the password policy.</summary>
    /// <param name="userName">The user name; trimmed and NFKC-normalised, unique case-insensitively.</param>
    /// <param name="password">The password.</param>
    /// <param name="roles">Initial roles, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    /// <returns>The account, or the policy errors, or that the name is taken.</returns>
    public async Task<RegistrationResult> RegisterAsync(string? userName, string? password, IEnumerable<string>? roles = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var clean = UserNames.Clean(userName);
        if (clean is null)
        {
            errors["userName"] = [$"The user name is required: 1 to {UserNames.MaximumLength} characters, without control characters."];
        }

        if (password is null)
        {
            errors["password"] = ["The password is required."];
        }
        else if (_policy.Check(Passwords.Normalize(password), clean) is { Count: > 0 } passwordErrors)
        {
            errors["password"] = [.. passwordErrors];
        }

        if (errors.Count > 0)
        {
            return new RegistrationResult(null, errors, nameTaken: false);
        }

        var id = clean!.ToLowerInvariant();
        if (await Users.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new RegistrationResult(null, null, nameTaken: true);
        }

        var user = new AuthUser
        {
            Id = id,
            UserName = clean,
            PasswordHash = await _hasher.HashAsync(Passwords.Normalize(password!), cancellationToken).ConfigureAwait(false),
            Roles = JoinRoles(roles),
            SecurityStamp = Secrets.NewId(),
            CreatedAt = _time.GetUtcNow(),
        };
        try
        {
            user = await Users.InsertAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateKeyException)
        {
            return new RegistrationResult(null, null, nameTaken: true);
        }

        LogRegistered(_logger, user.Id);
        return new RegistrationResult(user, null, nameTaken: false);
    }

    /// <summary>Finds an account by user name, in any spelling that normalises alike.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account, or <see langword="null"/>.</returns>
    public async Task<AuthUser?> FindByNameAsync(string userName, CancellationToken cancellationToken = default) =>
        UserNames.Normalize(userName) is { } id ? await Users.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Replaces an account's roles; its sessions and tokens stop working (the security stamp changes).</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="roles">The new roles.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The updated account.</returns>
    /// <exception cref="EntityNotFoundException">No account has this name.</exception>
    public async Task<AuthUser> SetRolesAsync(string userName, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var user = await FindByNameAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException($"No user is named '{userName}'.");
        user.Roles = JoinRoles(roles);
        user.SecurityStamp = Secrets.NewId();
        user = await Users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        _cache.Remove(user.Id);
        await DeleteCredentialsAsync(user.Id, keepSessionId: null, keepTokenId: null, cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>Ends every session and revokes every token of an account ("sign out everywhere").</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when nothing issued before works any more.</returns>
    public async Task SignOutEverywhereAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await FindByNameAsync(userName, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return;
        }

        user.SecurityStamp = Secrets.NewId();
        await Users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        _cache.Remove(user.Id);
        await DeleteCredentialsAsync(user.Id, keepSessionId: null, keepTokenId: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Issues a bearer token for an account.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="name">A name for the token.</param>
    /// <param name="scopes">Scopes, each becoming a <c>scope</c> claim; <see langword="null"/> for none.</param>
    /// <param name="lifetime">The lifetime, or <see langword="null"/> for <see cref="AuthOptions.TokenLifetime"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The token (shown once; only its SHA-256 is stored) and when it expires.</returns>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> CreateTokenAsync(
        string userName, string name, IEnumerable<string>? scopes = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var user = await FindByNameAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException($"No user is named '{userName}'.");
        return await CreateTokenAsync(user, name, scopes, lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a bearer token.</summary>
    /// <param name="token">The token as issued.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether a token was revoked.</returns>
    public async Task<bool> RevokeTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!Secrets.IsWellFormed(token) || await Tokens.GetAsync(Secrets.Digest(token), cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return false;
        }

        _tokens.Remove(stored.Id);
        return await TryDeleteAsync(Tokens, stored.Id, stored.Version, cancellationToken).ConfigureAwait(false);
    }

    internal static ClaimsPrincipal CreatePrincipal(AuthUser user, string method, string? scopes)
    {
        var identity = new ClaimsIdentity("BackEnd." + method, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.UserName));
        identity.AddClaim(new Claim(AuthenticationMethodClaimType, method));
        foreach (var role in user.RoleList)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        foreach (var line in user.Claims.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                identity.AddClaim(new Claim(line[..equals], line[(equals + 1)..]));
            }
        }

        if (scopes is not null)
        {
            foreach (var scope in scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                identity.AddClaim(new Claim(ScopeClaimType, scope));
            }
        }

        return new ClaimsPrincipal(identity);
    }

    internal PasswordPolicy Policy => _policy;

    /// <summary>Checks a password against the policy (length, the deny-lists, not the user name) without changing anything.</summary>
    /// <param name="password">The password.</param>
    /// <param name="userName">The account's user name, or <see langword="null"/>.</param>
    /// <returns>Why the password would be refused; empty when it would be accepted.</returns>
    public IReadOnlyList<string> ValidatePassword(string password, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _policy.Check(Passwords.Normalize(password), userName);
    }

    /// <summary>
    /// Checks a user name (or, when it holds an <c>@</c>, the account's <see cref="AuthUser.Email"/> as stored) and a password,
    /// honouring lockout and upgrading the stored hash when the algorithm or its cost changed.
    /// </summary>
    /// <param name="userNameOrEmail">The user name in any spelling that normalises alike, or the e-mail address.</param>
    /// <param name="password">The password; <see langword="null"/> or empty never matches.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    /// <returns>The account, or why not: <see cref="PasswordSignInStatus.Failed"/> alike for an unknown name and a wrong password (the same reads and hashing run), or <see cref="PasswordSignInStatus.LockedOut"/>.</returns>
    /// <remarks>Every failure counts toward the name's lockout, whether or not the account exists; a success clears the count.</remarks>
    public async Task<PasswordSignInResult> PasswordSignInAsync(string? userNameOrEmail, string? password, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var id = UserNames.Normalize(userNameOrEmail);
        var user = await FindForSignInAsync(userNameOrEmail, id, cancellationToken).ConfigureAwait(false);
        var key = user?.Id ?? id;

        // Attempts in flight count as failures to come, so a burst at one name verifies no more than would lock it. The place
        // is taken before the lockout is read: an attempt that ended before it has stored its failure, one still running is counted.
        var inFlight = key is null ? 0 : _attempts.Enter(key);
        PasswordVerificationResult result;
        AuthLockout? lockout;
        try
        {
            lockout = key is null ? null : await Lockouts.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (lockout is { LockedUntil: { } until } && until > now)
            {
                return new PasswordSignInResult(PasswordSignInStatus.LockedOut, null, until - now);
            }

            var failures = lockout is { LockedUntil: null } ? lockout.Failures : 0;
            if (inFlight > 1 && failures + inFlight > _options.LockoutThreshold)
            {
                return new PasswordSignInResult(PasswordSignInStatus.LockedOut, null, BusyRetryAfter);
            }

            result = await VerifyPasswordAsync(user, password ?? "", cancellationToken).ConfigureAwait(false);
            if (result == PasswordVerificationResult.Failed || user is null)
            {
                if (key is not null)
                {
                    await CountFailureAsync(key, now, cancellationToken).ConfigureAwait(false);
                }

                LogSignInFailed(_logger, key ?? "(invalid name)");
                return new PasswordSignInResult(PasswordSignInStatus.Failed, null, default);
            }

            if (lockout is not null)
            {
                await TryDeleteAsync(Lockouts, lockout.Id, lockout.Version, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (key is not null)
            {
                _attempts.Exit(key);
            }
        }

        var normalized = Passwords.Normalize(password!);
        if (result == PasswordVerificationResult.SuccessRehashNeeded && _policy.CanHash(normalized))
        {
            user.PasswordHash = await _hasher.HashAsync(normalized, cancellationToken).ConfigureAwait(false);
            LogRehashed(_logger, user.Id);
        }

        user.LastSignInAt = now;
        try
        {
            user = await Users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Another request changed the account meanwhile; the sign-in still stands, the rehash waits for the next one.
            user = await Users.GetAsync(user.Id, cancellationToken).ConfigureAwait(false) ?? user;
        }

        return new PasswordSignInResult(PasswordSignInStatus.Succeeded, user, default);
    }

    /// <summary>Changes an account's password after checking the current one and the policy; every session and token of the account stops working.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="currentPassword">The password now in use.</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The updated account, or the errors per field (<c>currentPassword</c>, <c>newPassword</c>).</returns>
    /// <exception cref="EntityNotFoundException">No account has this name.</exception>
    public async Task<PasswordChangeResult> ChangePasswordAsync(string userName, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        var user = await FindByNameAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException($"No user is named '{userName}'.");
        var errors = await CheckPasswordChangeAsync(user, currentPassword, verifyCurrent: true, newPassword, cancellationToken).ConfigureAwait(false);
        if (errors is not null)
        {
            return new PasswordChangeResult(null, errors);
        }

        user = await ReplacePasswordAsync(user, newPassword!, cancellationToken).ConfigureAwait(false);
        await DeleteCredentialsAsync(user.Id, keepSessionId: null, keepTokenId: null, cancellationToken).ConfigureAwait(false);
        return new PasswordChangeResult(user, null);
    }

    /// <summary>
    /// Sets a new password without asking for the current one, for callers that proved who the user is another way (an
    /// authenticated profile update, a reset link); checks the policy, and every session and token of the account stops working.
    /// </summary>
    /// <param name="userName">The user name.</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The updated account, or the policy errors under <c>newPassword</c>.</returns>
    /// <exception cref="EntityNotFoundException">No account has this name.</exception>
    public async Task<PasswordChangeResult> SetPasswordAsync(string userName, string? newPassword, CancellationToken cancellationToken = default)
    {
        var user = await FindByNameAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException($"No user is named '{userName}'.");
        var errors = await CheckPasswordChangeAsync(user, null, verifyCurrent: false, newPassword, cancellationToken).ConfigureAwait(false);
        if (errors is not null)
        {
            return new PasswordChangeResult(null, errors);
        }

        user = await ReplacePasswordAsync(user, newPassword!, cancellationToken).ConfigureAwait(false);
        await DeleteCredentialsAsync(user.Id, keepSessionId: null, keepTokenId: null, cancellationToken).ConfigureAwait(false);
        return new PasswordChangeResult(user, null);
    }

    internal async Task<string> CreateSessionAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var raw = Secrets.NewId();
        var absolute = now + _options.SessionAbsoluteExpiration;
        await Sessions.InsertAsync(new AuthSession
        {
            Id = Secrets.Digest(raw),
            UserId = user.Id,
            SecurityStamp = user.SecurityStamp,
            CreatedAt = now,
            ExpiresAt = Min(now + _options.SessionSlidingExpiration, absolute),
            AbsoluteExpiresAt = absolute,
        }, cancellationToken).ConfigureAwait(false);
        return raw;
    }

    internal async Task<(string Token, DateTimeOffset ExpiresAt)> CreateTokenAsync(
        AuthUser user, string name, IEnumerable<string>? scopes, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var now = _time.GetUtcNow();
        var raw = Secrets.NewId();
        var expires = now + (lifetime ?? _options.TokenLifetime);
        await Tokens.InsertAsync(new AuthToken
        {
            Id = Secrets.Digest(raw),
            UserId = user.Id,
            Name = name,
            Scopes = scopes is null ? "" : string.Join(' ', scopes),
            SecurityStamp = user.SecurityStamp,
            CreatedAt = now,
            ExpiresAt = expires,
        }, cancellationToken).ConfigureAwait(false);
        return (raw, expires);
    }

    internal async Task<AuthenticationState?> AuthenticateSessionAsync(string raw, CancellationToken cancellationToken)
    {
        if (!Secrets.IsWellFormed(raw) || await Sessions.GetAsync(Secrets.Digest(raw), cancellationToken).ConfigureAwait(false) is not { } session)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var user = await GetSignedInUserAsync(session.UserId, session.SecurityStamp, cancellationToken).ConfigureAwait(false);
        if (session.ExpiresAt <= now || user is null)
        {
            await TryDeleteAsync(Sessions, session.Id, session.Version, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // Slide only when half the window has passed, so most requests read without writing.
        var slid = Min(now + _options.SessionSlidingExpiration, session.AbsoluteExpiresAt);
        if (slid - session.ExpiresAt > _options.SessionSlidingExpiration / 2)
        {
            session.ExpiresAt = slid;
            try
            {
                session = await Sessions.UpdateAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception is ConcurrencyConflictException or EntityNotFoundException)
            {
                // A parallel request slid it already, or it was signed out meanwhile; this request keeps what it read.
            }
        }

        return new AuthenticationState(user, session, raw, null);
    }

    internal async Task<AuthenticationState?> AuthenticateTokenAsync(string raw, CancellationToken cancellationToken)
    {
        if (!Secrets.IsWellFormed(raw))
        {
            return null;
        }

        var digest = Secrets.Digest(raw);
        if (_tokens.Get(digest) is not { } token)
        {
            token = await Tokens.GetAsync(digest, cancellationToken).ConfigureAwait(false);
            if (token is null)
            {
                return null;
            }

            _tokens.Set(token);
        }

        // Expiry and the account's stamp are checked on every use, the cached record's too.
        var user = await GetSignedInUserAsync(token.UserId, token.SecurityStamp, cancellationToken).ConfigureAwait(false);
        if (token.ExpiresAt <= _time.GetUtcNow() || user is null)
        {
            _tokens.Remove(token.Id);
            await TryDeleteAsync(Tokens, token.Id, token.Version, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return new AuthenticationState(user, null, null, token);
    }

    /// <summary>
    /// The account a session or token issued with <paramref name="stamp"/> belongs to, or <see langword="null"/> when it is gone
    /// or its stamp changed (password, roles, sign-out everywhere). A cached copy is trusted only when its stamp matches: a
    /// mismatch is read again, so a credential issued on another node after a change is never refused on a stale copy.
    /// </summary>
    private async ValueTask<AuthUser?> GetSignedInUserAsync(string id, string stamp, CancellationToken cancellationToken)
    {
        if (_cache.Get(id) is { } cached && string.Equals(cached.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            return cached;
        }

        var user = await Users.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            _cache.Remove(id);
            return null;
        }

        _cache.Set(user);
        return string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal) ? user : null;
    }

    internal async Task DeleteSessionAsync(string raw, CancellationToken cancellationToken)
    {
        if (Secrets.IsWellFormed(raw) && await Sessions.GetAsync(Secrets.Digest(raw), cancellationToken).ConfigureAwait(false) is { } session)
        {
            await TryDeleteAsync(Sessions, session.Id, session.Version, cancellationToken).ConfigureAwait(false);
        }
    }

    internal Task<bool> DeleteTokenAsync(AuthToken token, CancellationToken cancellationToken)
    {
        _tokens.Remove(token.Id);
        return TryDeleteAsync(Tokens, token.Id, token.Version, cancellationToken);
    }

    /// <summary>Changes the password and revokes every other session and token; the caller's own session or token is re-issued or kept.</summary>
    internal async Task<(IDictionary<string, string[]>? Errors, string? NewSessionId, bool Revoked)> ChangeOwnPasswordAsync(
        AuthenticationState state, string? currentPassword, string? newPassword, CancellationToken cancellationToken)
    {
        // The request's copy may be a shared cached one: change a fresh read, and only while the credential still stands.
        var current = await Users.GetAsync(state.User.Id, cancellationToken).ConfigureAwait(false);
        if (current is null || !string.Equals(current.SecurityStamp, state.User.SecurityStamp, StringComparison.Ordinal))
        {
            return (null, null, true);
        }

        var errors = await CheckPasswordChangeAsync(current, currentPassword, verifyCurrent: true, newPassword, cancellationToken).ConfigureAwait(false);
        if (errors is not null)
        {
            return (errors, null, false);
        }

        var user = await ReplacePasswordAsync(current, newPassword!, cancellationToken).ConfigureAwait(false);
        string? newSession = null;
        if (state.Token is { } token)
        {
            // The request's record may be the shared cached copy: dropped, so the next request reads what was written.
            _tokens.Remove(token.Id);
            token.SecurityStamp = user.SecurityStamp;
            await Tokens.UpdateAsync(token, cancellationToken).ConfigureAwait(false);
            _tokens.Remove(token.Id);
        }
        else
        {
            // A new id too, so a copy of the old cookie taken before the change is worthless.
            newSession = await CreateSessionAsync(user, cancellationToken).ConfigureAwait(false);
        }

        await DeleteCredentialsAsync(user.Id, newSession is null ? null : Secrets.Digest(newSession), state.Token?.Id, cancellationToken).ConfigureAwait(false);
        return (null, newSession, false);
    }

    private async Task<Dictionary<string, string[]>?> CheckPasswordChangeAsync(
        AuthUser user, string? currentPassword, bool verifyCurrent, string? newPassword, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (verifyCurrent && (string.IsNullOrEmpty(currentPassword)
            || await VerifyPasswordAsync(user, currentPassword, cancellationToken).ConfigureAwait(false) == PasswordVerificationResult.Failed))
        {
            errors["currentPassword"] = ["The current password is not correct."];
        }

        if (newPassword is null)
        {
            errors["newPassword"] = ["The new password is required."];
        }
        else if (_policy.Check(Passwords.Normalize(newPassword), user.UserName) is { Count: > 0 } passwordErrors)
        {
            errors["newPassword"] = [.. passwordErrors];
        }

        return errors.Count > 0 ? errors : null;
    }

    private async Task<AuthUser> ReplacePasswordAsync(AuthUser user, string newPassword, CancellationToken cancellationToken)
    {
        user.PasswordHash = await _hasher.HashAsync(Passwords.Normalize(newPassword), cancellationToken).ConfigureAwait(false);
        user.SecurityStamp = Secrets.NewId();
        user = await Users.UpdateAsync(user, cancellationToken).ConfigureAwait(false);
        _cache.Remove(user.Id);
        return user;
    }

    private async Task<AuthUser?> FindForSignInAsync(string? userNameOrEmail, string? id, CancellationToken cancellationToken)
    {
        var byName = id is null ? null : await Users.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var email = userNameOrEmail?.Trim();
        if (email is null || !email.Contains('@', StringComparison.Ordinal) || email.Length > MaxEmailLength)
        {
            return byName;
        }

        // Both reads run whether or not the name matched, so the time taken does not tell which it was.
        var byEmail = await Users.QueryAsync(new StorageQuery().Where(nameof(AuthUser.Email), email).Take(2), cancellationToken).ConfigureAwait(false);
        return byName ?? (byEmail.Items.Count == 1 ? byEmail.Items[0] : null);
    }

    /// <summary>Verifies the NFKC form of the password (how it is hashed now), then, when that differs, the text as typed (hashes made before).</summary>
    /// <remarks>An unknown account runs the same verifications against a dummy hash and fails, so timing does not tell it from a wrong password.</remarks>
    private async Task<PasswordVerificationResult> VerifyPasswordAsync(AuthUser? user, string password, CancellationToken cancellationToken)
    {
        var hash = user?.PasswordHash ?? await _dummyHash.Value.ConfigureAwait(false);
        var normalized = Passwords.Normalize(password);
        var result = await _hasher.VerifyAsync(hash, normalized, cancellationToken).ConfigureAwait(false);
        if (result == PasswordVerificationResult.Failed && !string.Equals(normalized, password, StringComparison.Ordinal))
        {
            result = await _hasher.VerifyAsync(hash, password, cancellationToken).ConfigureAwait(false) == PasswordVerificationResult.Failed
                ? PasswordVerificationResult.Failed
                : PasswordVerificationResult.SuccessRehashNeeded;
        }

        return user is null ? PasswordVerificationResult.Failed : result;
    }

    private async Task CountFailureAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Optimistic concurrency: parallel failures for one name each count, by retrying on conflict.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var lockout = await Lockouts.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (lockout is null)
                {
                    await Lockouts.InsertAsync(Next(new AuthLockout { Id = id }), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (lockout.LockedUntil is { } until && until <= now)
                    {
                        lockout.Failures = 0;
                        lockout.LockedUntil = null;
                    }

                    await Lockouts.UpdateAsync(Next(lockout), cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (StorageException exception) when (exception is ConcurrencyConflictException or DuplicateKeyException or EntityNotFoundException)
            {
            }
        }

        AuthLockout Next(AuthLockout lockout)
        {
            lockout.Failures++;
            if (lockout.Failures >= _options.LockoutThreshold)
            {
                lockout.LockedUntil = now + _options.LockoutDuration;
                LogLockedOut(_logger, lockout.Id, lockout.Failures);
            }

            return lockout;
        }
    }

    private async Task DeleteCredentialsAsync(string userId, string? keepSessionId, string? keepTokenId, CancellationToken cancellationToken)
    {
        _tokens.RemoveWhere(t => string.Equals(t.UserId, userId, StringComparison.Ordinal));
        await DeleteAllAsync(Sessions, nameof(AuthSession.UserId), userId, keepSessionId, static s => (s.Id, s.Version), cancellationToken).ConfigureAwait(false);
        await DeleteAllAsync(Tokens, nameof(AuthToken.UserId), userId, keepTokenId, static t => (t.Id, t.Version), cancellationToken).ConfigureAwait(false);
    }

    private static async Task DeleteAllAsync<T>(
        IRepository<T, string> repository, string field, string userId, string? keep, Func<T, (string Id, long Version)> key, CancellationToken cancellationToken)
        where T : class
    {
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var found = await repository.QueryAsync(new StorageQuery().Where(field, userId).Take(PageSize).StartAfter(cursor), cancellationToken).ConfigureAwait(false);
            foreach (var item in found.Items)
            {
                var (id, version) = key(item);
                if (!string.Equals(id, keep, StringComparison.Ordinal))
                {
                    await TryDeleteAsync(repository, id, version, cancellationToken).ConfigureAwait(false);
                }
            }

            cursor = found.NextCursor;
            if (cursor is null)
            {
                return;
            }
        }
    }

    private static async Task<bool> TryDeleteAsync<T>(IRepository<T, string> repository, string id, long version, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await repository.DeleteAsync(id, version, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageException exception) when (exception is ConcurrencyConflictException or EntityNotFoundException)
        {
            return false;
        }
    }

    private static string JoinRoles(IEnumerable<string>? roles)
    {
        if (roles is null)
        {
            return "";
        }

        var list = new List<string>();
        foreach (var role in roles)
        {
            var trimmed = role?.Trim();
            if (string.IsNullOrEmpty(trimmed) || trimmed.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("Roles must be non-empty single-line names.", nameof(roles));
            }

            if (!list.Contains(trimmed, StringComparer.Ordinal))
            {
                list.Add(trimmed);
            }
        }

        return string.Join('\n', list);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Registered user {UserId}")]
    private static partial void LogRegistered(ILogger logger, string userId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Failed sign-in for {UserId}")]
    private static partial void LogSignInFailed(ILogger logger, string userId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "User name {UserId} locked after {Failures} failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, string userId, int failures);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Upgraded the password hash of {UserId} to the current algorithm and cost")]
    private static partial void LogRehashed(ILogger logger, string userId);
}
