using System.Security.Claims;
using BackEnd.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackEnd.Auth.Authorization.Internal;

internal sealed partial class DefaultAuthorizationService(
    IEnumerable<IAuthorizationHandler> handlers, IOptions<AuthOptions> options, ILogger<DefaultAuthorizationService> logger) : IAuthorizationService
{
    private readonly IAuthorizationHandler[] _handlers = [.. handlers];

    public ValueTask<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, string policyName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyName);
        var policy = options.Value.Authorization.GetPolicy(policyName)
            ?? throw new InvalidOperationException($"No authorization policy is named '{policyName}'; add it with AddAuth(o => o.Authorization.AddPolicy(\"{policyName}\", p => ...)).");
        return AuthorizeAsync(user, resource, policy, cancellationToken);
    }

    public ValueTask<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, AuthorizationPolicy policy, CancellationToken cancellationToken = default) =>
        AuthorizeAsync(user, resource, policy, resource as HttpContext, cancellationToken);

    public async ValueTask<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, AuthorizationPolicy policy, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(policy);
        var context = new AuthorizationHandlerContext(policy.Requirements, user, resource, httpContext);
        foreach (var requirement in policy.Requirements)
        {
            if (requirement is IAuthorizationHandler self)
            {
                await self.HandleAsync(context).ConfigureAwait(false);
            }
        }

        foreach (var handler in _handlers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await handler.HandleAsync(context).ConfigureAwait(false);
        }

        if (context.HasSucceeded)
        {
            return AuthorizationResult.Success();
        }

        var failures = new List<string>(context.Failures);
        foreach (var pending in context.PendingRequirements)
        {
            failures.Add("not granted: " + pending);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var reasons = string.Join("; ", failures);
            LogDenied(logger, user.Identity?.Name ?? "(anonymous)", resource?.GetType().Name ?? "(none)", reasons);
        }

        return AuthorizationResult.Failed(failures);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Authorization denied for {User} on {Resource}: {Reasons}")]
    private static partial void LogDenied(ILogger logger, string user, string resource, string reasons);
}
