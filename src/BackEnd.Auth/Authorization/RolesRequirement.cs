namespace BackEnd.Auth.Authorization;

/// <summary>Requires an authenticated user in at least one of some roles.</summary>
public sealed class RolesRequirement : AuthorizationHandler<RolesRequirement>, IAuthorizationRequirement
{
    /// <summary>Initializes the requirement.</summary>
    /// <param name="roles">The roles; at least one.</param>
    public RolesRequirement(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Roles = [.. roles];
        ArgumentOutOfRangeException.ThrowIfZero(Roles.Count, nameof(roles));
    }

    /// <summary>Gets the roles.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <inheritdoc/>
    protected override ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, RolesRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && requirement.Roles.Any(context.User.IsInRole))
        {
            context.Succeed(requirement);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => "a role of: " + string.Join(", ", Roles);
}
