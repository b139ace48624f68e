namespace BackEnd.Auth.Authorization;

/// <summary>Requires an authenticated user.</summary>
public sealed class DenyAnonymousRequirement : AuthorizationHandler<DenyAnonymousRequirement>, IAuthorizationRequirement
{
    /// <inheritdoc/>
    protected override ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, DenyAnonymousRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(requirement);
        }

        return ValueTask.CompletedTask;
    }
}
