namespace BackEnd.Auth.Authorization;

/// <summary>Named policies and the policy for endpoints that declare none.</summary>
public sealed class AuthorizationOptions
{
    private readonly Dictionary<string, AuthorizationPolicy> _policies = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the policy applied to endpoints without <c>RequireAuthorization</c>, <c>RequireRole</c> or <c>AllowAnonymous</c>.</summary>
    /// <value>Default: <see langword="null"/> (such endpoints are open).</value>
    public AuthorizationPolicy? FallbackPolicy { get; set; }

    /// <summary>Gets the registered policy names.</summary>
    public IEnumerable<string> PolicyNames => _policies.Keys;

    /// <summary>Requires an authenticated user on every endpoint that does not say <c>AllowAnonymous()</c>.</summary>
    /// <returns>These options.</returns>
    public AuthorizationOptions RequireAuthenticatedUserByDefault()
    {
        FallbackPolicy = AuthorizationPolicy.AuthenticatedUser;
        return this;
    }

    /// <summary>Adds a named policy built from requirements.</summary>
    /// <param name="name">The name used by <c>RequireAuthorization(name)</c> and <see cref="IAuthorizationService"/>.</param>
    /// <param name="configure">Adds the requirements.</param>
    /// <returns>These options.</returns>
    public AuthorizationOptions AddPolicy(string name, Action<AuthorizationPolicyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new AuthorizationPolicyBuilder();
        configure(builder);
        return AddPolicy(name, builder.Build());
    }

    /// <summary>Adds a named policy.</summary>
    /// <param name="name">The name.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>These options.</returns>
    public AuthorizationOptions AddPolicy(string name, AuthorizationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(policy);
        _policies[name] = policy;
        return this;
    }

    /// <summary>Gets a named policy.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The policy, or <see langword="null"/>.</returns>
    public AuthorizationPolicy? GetPolicy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _policies.GetValueOrDefault(name);
    }
}
