namespace BackEnd.Routing;

/// <summary>Endpoint metadata saying that the caller must be authenticated and, when given, satisfy a named policy and hold one of some roles.</summary>
/// <remarks>Added by <see cref="AuthorizationEndpointConventionBuilderExtensions"/>; enforced by the authorization middleware of BackEnd.Auth. Every item on an endpoint and its groups must pass.</remarks>
public sealed class AuthorizationMetadata
{
    /// <summary>Initializes the metadata.</summary>
    /// <param name="policy">A policy name registered with the authorization options, or <see langword="null"/> for "authenticated".</param>
    /// <param name="roles">Roles of which the user needs at least one; empty for none.</param>
    public AuthorizationMetadata(string? policy = null, IReadOnlyList<string>? roles = null)
    {
        Policy = policy;
        Roles = roles ?? [];
    }

    /// <summary>Gets the policy name, or <see langword="null"/>.</summary>
    public string? Policy { get; }

    /// <summary>Gets the roles of which the user needs at least one; empty when any authenticated user passes.</summary>
    public IReadOnlyList<string> Roles { get; }
}
