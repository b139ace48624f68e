using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Auth;

/// <summary>A stored cookie session; its key is the SHA-256 of the cookie value, so a database reader cannot sign in.</summary>
[Table("backend_auth_sessions")]
public sealed class AuthSession
{
    /// <summary>Gets or sets the key: the lower-case hex SHA-256 of the session id in the cookie.</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the user's key.</summary>
    public string UserId { get; set; } = "";

    /// <summary>Gets or sets the user's security stamp when the session began.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Gets or sets when the session began.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the session ends unless used (sliding).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets when the session ends however it is used.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}
