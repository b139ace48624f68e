using BackEnd.Auth.Internal;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth;

/// <summary>Hashes and verifies passwords with the configured algorithm, on a bounded set of dedicated threads.</summary>
/// <remarks>
/// Hashes are self-describing: bcrypt as <c>$2b$12$…</c> (or <c>$bcrypt-sha384$2b$12$…</c> when pre-hashed),
/// PBKDF2 as <c>$pbkdf2-sha512$i=210000$salt$hash</c> and Argon2id in the PHC format <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>.
/// Every kind verifies whatever the current settings; <see cref="PasswordVerificationResult.SuccessRehashNeeded"/> says the hash should be replaced.
/// </remarks>
public sealed class PasswordHasher
{
    private readonly PasswordOptions _options;
    private readonly HashingQueue _queue;

    internal PasswordHasher(IOptions<AuthOptions> options, HashingQueue queue)
    {
        _options = options.Value.Passwords;
        _queue = queue;
    }

    /// <summary>Gets which code computes new bcrypt hashes: <see cref="BCryptImplementation.Native"/> or <see cref="BCryptImplementation.Managed"/>.</summary>
    public BCryptImplementation BCryptImplementation =>
        !_options.BCryptPreHash && PasswordHashing.UsesNative(_options.BCryptImplementation) ? BCryptImplementation.Native : BCryptImplementation.Managed;

    /// <summary>Hashes a password with the configured algorithm.</summary>
    /// <param name="password">The password; for bcrypt without pre-hashing at most 72 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels waiting for a hashing thread.</param>
    /// <returns>The self-describing hash.</returns>
    /// <exception cref="ArgumentException">The password is longer than bcrypt can take whole.</exception>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _queue.RunAsync(() => PasswordHashing.Hash(password, _options), cancellationToken);
    }

    /// <summary>Checks a password against a stored hash.</summary>
    /// <param name="hash">The stored hash.</param>
    /// <param name="password">The password given.</param>
    /// <param name="cancellationToken">Cancels waiting for a hashing thread.</param>
    /// <returns>Whether it matches, and whether the hash should be replaced.</returns>
    public Task<PasswordVerificationResult> VerifyAsync(string hash, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        return _queue.RunAsync(() => PasswordHashing.Verify(hash, password, _options), cancellationToken);
    }
}
