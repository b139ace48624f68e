using System.Security.Claims;

namespace BackEnd.Auth.Authorization;

/// <summary>Checks a user against a policy, optionally for a resource: <c>await authorization.AuthorizeAsync(user, post, "EditPost")</c>.</summary>
public interface IAuthorizationService
{
    /// <summary>Checks a named policy.</summary>
    /// <param name="user">The user.</param>
    /// <param name="resource">The resource handlers look at, or <see langword="null"/>.</param>
    /// <param name="policyName">A policy registered in <see cref="AuthorizationOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The result, with reasons when it failed (also logged).</returns>
    /// <exception cref="InvalidOperationException">No policy has this name.</exception>
    ValueTask<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, string policyName, CancellationToken cancellationToken = default);

    /// <summary>Checks a policy.</summary>
    /// <param name="user">The user.</param>
    /// <param name="resource">The resource handlers look at, or <see langword="null"/>.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The result, with reasons when it failed (also logged).</returns>
    ValueTask<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, AuthorizationPolicy policy, CancellationToken cancellationToken = default);
}
