using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Auth;

/// <summary>A stored user account; kept through Core's storage abstractions in the table <c>backend_auth_users</c>.</summary>
[Table("backend_auth_users")]
public sealed class AuthUser
{
    /// <summary>Gets or sets the key: the normalised user name (trimmed, NFKC, lower-case invariant), unique.</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the user name as registered (trimmed, NFKC).</summary>
    public string UserName { get; set; } = "";

    /// <summary>Gets or sets the optional e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets the self-describing password hash.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Gets or sets the roles, one per line.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Gets or sets extra claims, one <c>type=value</c> per line.</summary>
    public string Claims { get; set; } = "";

    /// <summary>Gets or sets a random value replaced whenever the password or roles change; sessions and tokens issued under another stamp stop working.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Gets or sets when the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the user last signed in, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }

    /// <summary>Gets the roles as a list.</summary>
    [NotMapped]
    public IReadOnlyList<string> RoleList => Roles.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
