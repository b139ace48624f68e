namespace BackEnd.Auth;

/// <summary>How a password sign-in ended.</summary>
public enum PasswordSignInStatus
{
    /// <summary>The user name (or e-mail) and password are right.</summary>
    Succeeded,

    /// <summary>The account does not exist or the password is wrong; the two are not told apart, so callers cannot reveal which accounts exist.</summary>
    Failed,

    /// <summary>
    /// Too many recent failures for this name, or as many attempts at it as would lock it are being checked now; nothing was
    /// checked. <see cref="PasswordSignInResult.RetryAfter"/> says how long to wait.
    /// </summary>
    LockedOut,
}
