namespace BackEnd.Auth.Authorization;

/// <summary>A handler of one requirement type, whatever the resource.</summary>
/// <typeparam name="TRequirement">The requirement type.</typeparam>
public abstract class AuthorizationHandler<TRequirement> : IAuthorizationHandler
    where TRequirement : IAuthorizationRequirement
{
    /// <inheritdoc/>
    public async ValueTask HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var requirement in context.Requirements)
        {
            if (requirement is TRequirement typed)
            {
                await HandleRequirementAsync(context, typed).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Decides one requirement.</summary>
    /// <param name="context">The context; call <see cref="AuthorizationHandlerContext.Succeed"/> to grant.</param>
    /// <param name="requirement">The requirement.</param>
    /// <returns>A task that completes when decided.</returns>
    protected abstract ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, TRequirement requirement);
}
