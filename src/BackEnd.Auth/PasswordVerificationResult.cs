namespace BackEnd.Auth;

/// <summary>The outcome of checking a password against a stored hash.</summary>
public enum PasswordVerificationResult
{
    /// <summary>The password does not match, or the stored hash is not one this library reads.</summary>
    Failed,

    /// <summary>The password matches.</summary>
    Success,

    /// <summary>The password matches, but the hash was made with another algorithm or weaker parameters than configured now; store a new hash.</summary>
    SuccessRehashNeeded,
}
