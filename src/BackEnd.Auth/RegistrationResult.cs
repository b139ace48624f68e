namespace BackEnd.Auth;

/// <summary>The outcome of <see cref="AuthService.RegisterAsync"/>.</summary>
public sealed class RegistrationResult
{
    internal RegistrationResult(AuthUser? user, IDictionary<string, string[]>? errors, bool nameTaken)
    {
        User = user;
        Errors = errors ?? new Dictionary<string, string[]>();
        NameTaken = nameTaken;
    }

    /// <summary>Gets whether the account was created.</summary>
    public bool Succeeded => User is not null;

    /// <summary>Gets the created account, or <see langword="null"/>.</summary>
    public AuthUser? User { get; }

    /// <summary>Gets the policy failures per field (<c>userName</c>, <c>password</c>); empty on success.</summary>
    public IDictionary<string, string[]> Errors { get; }

    /// <summary>Gets whether the normalised user name is already taken.</summary>
    public bool NameTaken { get; }
}
