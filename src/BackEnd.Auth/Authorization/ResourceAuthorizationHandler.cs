namespace BackEnd.Auth.Authorization;

/// <summary>A handler of one requirement type over one resource type: "only the owner or a moderator edits a post".</summary>
/// <typeparam name="TRequirement">The requirement type.</typeparam>
/// <typeparam name="TResource">The resource type; requirements checked against another resource are left to other handlers.</typeparam>
public abstract class AuthorizationHandler<TRequirement, TResource> : IAuthorizationHandler
    where TRequirement : IAuthorizationRequirement
{
    /// <inheritdoc/>
    public async ValueTask HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Resource is not TResource resource)
        {
            return;
        }

        foreach (var requirement in context.Requirements)
        {
            if (requirement is TRequirement typed)
            {
                await HandleRequirementAsync(context, typed, resource).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Decides one requirement for the resource.</summary>
    /// <param name="context">The context; call <see cref="AuthorizationHandlerContext.Succeed"/> to grant.</param>
    /// <param name="requirement">The requirement.</param>
    /// <param name="resource">The resource.</param>
    /// <returns>A task that completes when decided.</returns>
    protected abstract ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, TRequirement requirement, TResource resource);
}
