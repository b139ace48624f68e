using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Auth;

/// <summary>Failed sign-ins counted per normalised user name, whether or not an account has that name.</summary>
[Table("backend_auth_lockouts")]
public sealed class AuthLockout
{
    /// <summary>Gets or sets the key: the normalised user name.</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the failures in a row.</summary>
    public int Failures { get; set; }

    /// <summary>Gets or sets when the name is unlocked, or <see langword="null"/> when it is not locked.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}
