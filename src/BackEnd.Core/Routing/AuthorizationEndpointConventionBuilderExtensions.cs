namespace BackEnd.Routing;

/// <summary>Authorization conventions for routes and route groups; BackEnd.Auth enforces them.</summary>
public static class AuthorizationEndpointConventionBuilderExtensions
{
    /// <summary>Requires an authenticated caller (401 otherwise).</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuthorizationMetadata());

    /// <summary>Requires an authenticated caller who satisfies every named policy (401 when anonymous, 403 when a policy fails).</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="policies">Policy names registered with the authorization options; an unknown name fails the host's start.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder, params string[] policies)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Length == 0)
        {
            return builder.RequireAuthorization();
        }

        foreach (var policy in policies)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(policy);
            builder.WithMetadata(new AuthorizationMetadata(policy));
        }

        return builder;
    }

    /// <summary>Requires an authenticated caller holding at least one of the roles (401 when anonymous, 403 otherwise).</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <param name="roles">The roles, compared ordinally.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentOutOfRangeException.ThrowIfZero(roles.Length);
        foreach (var role in roles)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(role);
        }

        return builder.WithMetadata(new AuthorizationMetadata(roles: [.. roles]));
    }

    /// <summary>Lets anonymous callers in, whatever a fallback policy or an enclosing group requires.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The route or group.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AllowAnonymous<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllowAnonymousMetadata.Instance);
}
