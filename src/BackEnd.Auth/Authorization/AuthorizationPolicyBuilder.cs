namespace BackEnd.Auth.Authorization;

/// <summary>Builds a policy from requirements: <c>p =&gt; p.RequireRole("admin").RequireClaim("plan", "pro")</c>.</summary>
public sealed class AuthorizationPolicyBuilder
{
    private readonly List<IAuthorizationRequirement> _requirements = [];

    /// <summary>Requires an authenticated user.</summary>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder RequireAuthenticatedUser() => AddRequirements(new DenyAnonymousRequirement());

    /// <summary>Requires an authenticated user holding at least one of the roles.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder RequireRole(params string[] roles) => AddRequirements(new RolesRequirement(roles));

    /// <summary>Requires an authenticated user with a claim of the type, and when values are given, one of those values.</summary>
    /// <param name="claimType">The claim type.</param>
    /// <param name="allowedValues">Allowed values, compared ordinally; none for "any value".</param>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder RequireClaim(string claimType, params string[] allowedValues) => AddRequirements(new ClaimRequirement(claimType, allowedValues));

    /// <summary>Requires a condition over the user, the resource and the request.</summary>
    /// <param name="assertion">The condition; the request is in <see cref="AuthorizationHandlerContext.HttpContext"/>.</param>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder RequireAssertion(Func<AuthorizationHandlerContext, bool> assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return AddRequirements(new AssertionRequirement(context => ValueTask.FromResult(assertion(context))));
    }

    /// <summary>Requires an asynchronous condition over the user, the resource and the request.</summary>
    /// <param name="assertion">The condition.</param>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder RequireAssertion(Func<AuthorizationHandlerContext, ValueTask<bool>> assertion) =>
        AddRequirements(new AssertionRequirement(assertion));

    /// <summary>Adds requirements decided by handlers registered with <c>AddAuthorizationHandler</c>.</summary>
    /// <param name="requirements">The requirements.</param>
    /// <returns>This builder.</returns>
    public AuthorizationPolicyBuilder AddRequirements(params IAuthorizationRequirement[] requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        foreach (var requirement in requirements)
        {
            ArgumentNullException.ThrowIfNull(requirement);
            _requirements.Add(requirement);
        }

        return this;
    }

    /// <summary>Builds the policy.</summary>
    /// <returns>The policy.</returns>
    public AuthorizationPolicy Build() => new(_requirements);
}
