namespace BackEnd.Auth;

/// <summary>The outcome of <see cref="AuthService.ChangePasswordAsync"/> and <see cref="AuthService.SetPasswordAsync"/>.</summary>
public sealed class PasswordChangeResult
{
    internal PasswordChangeResult(AuthUser? user, IDictionary<string, string[]>? errors)
    {
        User = user;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    /// <summary>Gets whether the password was changed.</summary>
    public bool Succeeded => User is not null;

    /// <summary>Gets the account with its new hash and security stamp, or <see langword="null"/>.</summary>
    public AuthUser? User { get; }

    /// <summary>Gets why the password was not changed, per field (<c>currentPassword</c>, <c>newPassword</c>, <c>userName</c>); empty on success.</summary>
    public IDictionary<string, string[]> Errors { get; }
}
