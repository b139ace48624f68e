using System.Security.Claims;
using BackEnd.Auth.Authorization;

namespace BackEnd.Auth.Tests.Support;

/// <summary>"Only the owner or a moderator edits a post", as one handler over the resource.</summary>
public sealed class OwnerOrModeratorHandler : AuthorizationHandler<OwnerOrModeratorRequirement, Post>
{
    protected override ValueTask HandleRequirementAsync(AuthorizationHandlerContext context, OwnerOrModeratorRequirement requirement, Post resource)
    {
        if (context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value == resource.Owner || context.User.IsInRole("moderator"))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail($"{context.User.Identity?.Name ?? "anonymous"} neither owns post {resource.Id} nor moderates");
        }

        return ValueTask.CompletedTask;
    }
}
