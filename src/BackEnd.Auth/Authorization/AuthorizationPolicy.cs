namespace BackEnd.Auth.Authorization;

/// <summary>A set of requirements that must all be granted.</summary>
public sealed class AuthorizationPolicy
{
    /// <summary>Initializes a policy.</summary>
    /// <param name="requirements">The requirements; at least one.</param>
    public AuthorizationPolicy(IEnumerable<IAuthorizationRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        Requirements = [.. requirements];
        if (Requirements.Count == 0)
        {
            throw new ArgumentException("A policy needs at least one requirement; use RequireAuthenticatedUser() for \"any signed-in user\".", nameof(requirements));
        }
    }

    /// <summary>Gets the requirements.</summary>
    public IReadOnlyList<IAuthorizationRequirement> Requirements { get; }

    /// <summary>Gets whether the policy needs an authenticated user, so an anonymous caller is answered 401 rather than 403.</summary>
    public bool RequiresAuthenticatedUser => Requirements.Any(static r => r is DenyAnonymousRequirement or RolesRequirement or ClaimRequirement);

    /// <summary>Gets a policy that any authenticated user satisfies.</summary>
    public static AuthorizationPolicy AuthenticatedUser { get; } = new([new DenyAnonymousRequirement()]);
}
