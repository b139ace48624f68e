using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Internal;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var passwords = options.Passwords;
        if (passwords.BCryptWorkFactor is < 4 or > 31)
        {
            failures.Add($"AuthOptions.Passwords.BCryptWorkFactor is {passwords.BCryptWorkFactor}; bcrypt accepts 4 to 31 (12 is the default).");
        }

        if (passwords.BCryptImplementation == BCryptImplementation.Native && !NativeBCrypt.IsAvailable)
        {
            failures.Add("AuthOptions.Passwords.BCryptImplementation is Native, but the system's crypt library (libcrypt.so.1, libxcrypt) did not load or failed its self-test; use Automatic or Managed.");
        }

        if (passwords.Pbkdf2Iterations < AuthDefaults.Pbkdf2Iterations)
        {
            failures.Add($"AuthOptions.Passwords.Pbkdf2Iterations is {passwords.Pbkdf2Iterations}; use at least {AuthDefaults.Pbkdf2Iterations} (OWASP).");
        }

        if (passwords.Argon2MemoryKiB < 8 * passwords.Argon2Parallelism || passwords.Argon2Iterations < 1 || passwords.Argon2Parallelism < 1)
        {
            failures.Add("AuthOptions.Passwords Argon2 parameters are invalid: memory must be at least 8 KiB per lane, and passes and lanes at least 1.");
        }

        if (passwords.MinimumLength < 1 || passwords.MaximumLength < 64 || passwords.MaximumLength < passwords.MinimumLength)
        {
            failures.Add($"AuthOptions.Passwords lengths are {passwords.MinimumLength}..{passwords.MaximumLength}; the minimum must be at least 1 and the maximum at least 64 (NIST SP 800-63B).");
        }

        if (passwords.MaxConcurrentHashes < 1)
        {
            failures.Add("AuthOptions.Passwords.MaxConcurrentHashes must be at least 1.");
        }

        if (options.SessionSlidingExpiration <= TimeSpan.Zero || options.SessionAbsoluteExpiration < options.SessionSlidingExpiration)
        {
            failures.Add("AuthOptions.SessionSlidingExpiration must be positive and no longer than SessionAbsoluteExpiration.");
        }

        if (options.UserCacheDuration < TimeSpan.Zero)
        {
            failures.Add("AuthOptions.UserCacheDuration must not be negative.");
        }

        if (options.TokenCacheDuration < TimeSpan.Zero)
        {
            failures.Add("AuthOptions.TokenCacheDuration must not be negative.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.LockoutDuration <= TimeSpan.Zero || options.LockoutThreshold < 1)
        {
            failures.Add("AuthOptions.TokenLifetime and LockoutDuration must be positive and LockoutThreshold at least 1.");
        }

        if (options.RegisterPermitsPerMinute < 0 || options.LoginPermitsPerMinute < 0)
        {
            failures.Add("AuthOptions rate limits must be 0 (off) or more.");
        }

        if (options.RefusalDelay < TimeSpan.Zero || options.RefusalDelay > TimeSpan.FromMinutes(1) || options.MaxHeldRefusals < 0)
        {
            failures.Add($"AuthOptions.RefusalDelay is {options.RefusalDelay} and MaxHeldRefusals {options.MaxHeldRefusals}; the delay must be 0 to 1 minute and the cap 0 or more.");
        }

        if (!(options.RefusalJitter is >= 0 and <= 1))
        {
            failures.Add($"AuthOptions.RefusalJitter is {options.RefusalJitter}; it must be from 0 to 1.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenScheme) || options.TokenScheme.Contains(' ', StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(options.SessionCookieName) || string.IsNullOrWhiteSpace(options.CsrfHeaderName))
        {
            failures.Add("AuthOptions.TokenScheme, SessionCookieName and CsrfHeaderName must be non-empty names without spaces.");
        }

        if (string.IsNullOrEmpty(options.CsrfFormFieldName))
        {
            failures.Add("AuthOptions.CsrfFormFieldName must be a non-empty form field name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
