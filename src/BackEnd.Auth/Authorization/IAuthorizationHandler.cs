namespace BackEnd.Auth.Authorization;

/// <summary>Decides requirements: calls <see cref="AuthorizationHandlerContext.Succeed"/> for the ones it can grant, or <see cref="AuthorizationHandlerContext.Fail"/> with a reason.</summary>
public interface IAuthorizationHandler
{
    /// <summary>Looks at the pending requirements and decides those it knows.</summary>
    /// <param name="context">The user, resource and requirements.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(AuthorizationHandlerContext context);
}
