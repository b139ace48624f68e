using System.Security.Claims;
using BackEnd.Http;

namespace BackEnd.Auth.Authorization;

/// <summary>What the handlers of one authorization check see and decide.</summary>
public sealed class AuthorizationHandlerContext
{
    private readonly HashSet<IAuthorizationRequirement> _pending;
    private readonly List<string> _failures = [];

    /// <summary>Initializes a check.</summary>
    /// <param name="requirements">The policy's requirements.</param>
    /// <param name="user">The user.</param>
    /// <param name="resource">The resource, or <see langword="null"/>.</param>
    /// <param name="httpContext">The request, when the check runs for one.</param>
    public AuthorizationHandlerContext(IReadOnlyList<IAuthorizationRequirement> requirements, ClaimsPrincipal user, object? resource, HttpContext? httpContext = null)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(user);
        Requirements = requirements;
        User = user;
        Resource = resource;
        HttpContext = httpContext;
        _pending = [.. requirements];
    }

    /// <summary>Gets every requirement of the policy.</summary>
    public IReadOnlyList<IAuthorizationRequirement> Requirements { get; }

    /// <summary>Gets the user.</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>Gets the resource, or <see langword="null"/>.</summary>
    public object? Resource { get; }

    /// <summary>Gets the request the check runs for, or <see langword="null"/> outside a request.</summary>
    public HttpContext? HttpContext { get; }

    /// <summary>Gets the requirements no handler has granted yet.</summary>
    public IEnumerable<IAuthorizationRequirement> PendingRequirements => _pending;

    /// <summary>Gets the reasons handlers gave for failing.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Gets whether every requirement was granted and no handler failed the check.</summary>
    public bool HasSucceeded => _pending.Count == 0 && _failures.Count == 0;

    /// <summary>Grants a requirement.</summary>
    /// <param name="requirement">The requirement.</param>
    public void Succeed(IAuthorizationRequirement requirement) => _pending.Remove(requirement);

    /// <summary>Fails the whole check, whatever other handlers grant.</summary>
    /// <param name="reason">Why, for the log; never sent to the client.</param>
    public void Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _failures.Add(reason);
    }
}
