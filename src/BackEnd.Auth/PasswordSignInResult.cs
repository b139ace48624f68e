namespace BackEnd.Auth;

/// <summary>The outcome of <see cref="AuthService.PasswordSignInAsync"/>.</summary>
public sealed class PasswordSignInResult
{
    internal PasswordSignInResult(PasswordSignInStatus status, AuthUser? user, TimeSpan retryAfter)
    {
        Status = status;
        User = user;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how the sign-in ended.</summary>
    public PasswordSignInStatus Status { get; }

    /// <summary>Gets whether the credentials are right.</summary>
    public bool Succeeded => Status == PasswordSignInStatus.Succeeded;

    /// <summary>Gets the signed-in account (its hash already upgraded when the settings changed), or <see langword="null"/>.</summary>
    public AuthUser? User { get; }

    /// <summary>Gets how long the name stays locked when <see cref="Status"/> is <see cref="PasswordSignInStatus.LockedOut"/>; zero otherwise.</summary>
    public TimeSpan RetryAfter { get; }
}
