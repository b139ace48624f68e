using System.ComponentModel.DataAnnotations.Schema;

namespace BackEnd.Auth;

/// <summary>A stored bearer token; only the SHA-256 of the token is kept.</summary>
[Table("backend_auth_tokens")]
public sealed class AuthToken
{
    /// <summary>Gets or sets the key: the lower-case hex SHA-256 of the token.</summary>
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the user's key.</summary>
    public string UserId { get; set; } = "";

    /// <summary>Gets or sets a name the user gave the token.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the scopes, separated by spaces; each becomes a <c>scope</c> claim.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>Gets or sets the user's security stamp when the token was issued.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Gets or sets when the token was issued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the token stops working.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets the optimistic-concurrency version.</summary>
    public long Version { get; set; }
}
